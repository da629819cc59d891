#include "classroom/lesson_panel.h"

#include "classroom/lesson_runner.h"
#include "state/cluster_state.h"
#include "state/service_bars.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>

namespace clusterlab::app {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

/// reflowed joins a lesson text's lines into paragraphs (a blank line starts a new one), so
/// the words wrap to the panel's width rather than the file's.
QString reflowed(const std::string &text)
{
    QStringList paragraphs;
    for (const QString &paragraph :
         QString::fromStdString(text).trimmed().split(QStringLiteral("\n\n"), Qt::SkipEmptyParts))
        paragraphs << paragraph.simplified();
    return paragraphs.join(QStringLiteral("\n\n"));
}

QLabel *wrapped(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

LessonPanel::LessonPanel(LessonRunner &runner, const ClusterState &state, QWidget *parent)
    : QWidget(parent), m_runner(runner), m_state(state)
{
    setObjectName(QStringLiteral("LessonPanel"));
    m_row = new QBoxLayout(QBoxLayout::LeftToRight, this);
    m_row->addWidget(buildStory(), 0);
    m_row->addWidget(buildAside(), 1);
    m_row->addWidget(buildControls(), 0);
    connectRunner();
    connect(&state, &ClusterState::changed, this, &LessonPanel::refresh);
    applyFonts();
    refresh();
}

QWidget *LessonPanel::buildStory()
{
    m_story = new QWidget(this);
    auto *story = new QVBoxLayout(m_story);
    story->setContentsMargins(0, 0, 0, 0);
    m_progress = new QLabel(this);
    m_progress->setObjectName(QStringLiteral("LessonProgress"));
    m_title = wrapped(this);
    m_title->setObjectName(QStringLiteral("LessonTitle"));
    m_text = wrapped(this);
    buildPredictBox();
    m_waiting = wrapped(this);
    m_waiting->setObjectName(QStringLiteral("LessonWaiting"));
    story->addWidget(m_progress);
    story->addWidget(m_title);
    story->addWidget(m_text);
    story->addWidget(m_predictBox);
    story->addStretch(1);
    story->addWidget(m_waiting);
    return m_story;
}

void LessonPanel::buildPredictBox()
{
    m_predictBox = new QFrame(this);
    m_predictBox->setFrameShape(QFrame::StyledPanel);
    // The question with its Reveal button beside it, the answer below once revealed: one
    // line less than stacking them, which counts at presentation sizes.
    auto *predict = new QVBoxLayout(m_predictBox);
    auto *ask = new QHBoxLayout;
    m_question = wrapped(m_predictBox);
    m_answer = wrapped(m_predictBox);
    m_reveal = new QPushButton(QStringLiteral("Reveal  →"), m_predictBox);
    m_reveal->setToolTip(QStringLiteral("Run the step and show the answer (→ or Page Down)"));
    ask->addWidget(m_question, 1);
    ask->addWidget(m_reveal, 0, Qt::AlignTop);
    predict->addLayout(ask);
    predict->addWidget(m_answer);
}

QWidget *LessonPanel::buildAside()
{
    m_aside = new QWidget(this);
    auto *aside = new QVBoxLayout(m_aside);
    aside->setContentsMargins(0, 0, 0, 0);
    m_fileName = new QLabel(this);
    m_file = new QPlainTextEdit(this);
    m_file->setReadOnly(true);
    m_file->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_file->setFont(QFont(QStringLiteral("monospace")));
    m_chartTitle = wrapped(this);
    m_chart = new DistributionChart(this);
    m_replies = wrapped(this);
    m_replies->setObjectName(QStringLiteral("LessonReplies"));
    aside->addWidget(m_fileName);
    aside->addWidget(m_file, 1);
    aside->addWidget(m_chartTitle);
    aside->addWidget(m_chart);
    aside->addWidget(m_replies);
    return m_aside;
}

QWidget *LessonPanel::buildControls()
{
    m_controls = new QWidget(this);
    auto *controls = new QVBoxLayout(m_controls);
    controls->setContentsMargins(0, 0, 0, 0);
    auto *nav = new QHBoxLayout;
    m_previous = new QPushButton(QStringLiteral("←  Previous"), this);
    m_next = new QPushButton(QStringLiteral("Next  →"), this);
    m_next->setDefault(true);
    nav->addWidget(m_previous);
    nav->addWidget(m_next);
    controls->addLayout(nav);
    auto *jump = new QHBoxLayout;
    m_restart = new QPushButton(QStringLiteral("Restart (Home)"), this);
    m_jump = new QComboBox(this);
    m_jump->setToolTip(QStringLiteral("Jump to a step"));
    jump->addWidget(m_restart);
    jump->addWidget(m_jump, 1);
    controls->addLayout(jump);
    m_faults = new QVBoxLayout;
    controls->addLayout(m_faults);
    controls->addStretch(1);
    return m_controls;
}

void LessonPanel::connectRunner()
{
    connect(m_previous, &QPushButton::clicked, &m_runner, &LessonRunner::previous);
    connect(m_next, &QPushButton::clicked, &m_runner, &LessonRunner::next);
    connect(m_reveal, &QPushButton::clicked, &m_runner, &LessonRunner::reveal);
    connect(m_restart, &QPushButton::clicked, &m_runner, &LessonRunner::restart);
    connect(m_jump, &QComboBox::activated, this, [this](int index) {
        if (index != m_runner.step())
            m_runner.goTo(index);
    });
    connect(&m_runner, &LessonRunner::changed, this, &LessonPanel::refresh);
}

void LessonPanel::resizeEvent(QResizeEvent *event)
{
    // A wide panel (below the canvas) puts the story, the YAML or chart and the controls
    // side by side; a narrow one (beside the canvas, presenting) stacks them. Wrapped labels
    // ask for little width, so side by side the story gets 42 % and the YAML and chart 28 %.
    const bool wide = width() >= 900;
    m_row->setDirection(wide ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
    if (wide) {
        m_story->setFixedWidth(width() * 42 / 100);
        m_aside->setMinimumWidth(width() * 28 / 100);
        // Presenting, the keys move through the lesson (the buttons say which); the faults stay.
        for (QWidget *navigation :
             { static_cast<QWidget *>(m_previous), static_cast<QWidget *>(m_next),
               static_cast<QWidget *>(m_restart), static_cast<QWidget *>(m_jump) })
            navigation->setVisible(!m_presentation);
    } else {
        m_story->setMinimumWidth(0);
        m_story->setMaximumWidth(QWIDGETSIZE_MAX);
        m_aside->setMinimumWidth(0);
        m_controls->setMaximumWidth(QWIDGETSIZE_MAX);
    }
    QWidget::resizeEvent(event);
}

QTextDocument *LessonPanel::fileDocument() const
{
    return m_file->document();
}

QString LessonPanel::progressText() const
{
    return m_progress->text();
}

QString LessonPanel::titleText() const
{
    return m_title->text();
}

void LessonPanel::showFile(const QString &name, const QString &text)
{
    m_fileStep = m_runner.step();
    m_fileName->setText(name);
    m_file->setPlainText(text);
    refresh();
}

void LessonPanel::setPresentation(bool on)
{
    m_presentation = on;
    applyFonts();
}

void LessonPanel::applyFonts()
{
    // Sizes a class can read from the back of a room when presenting; the desktop's own
    // otherwise, with the title a little larger.
    const qreal base = m_presentation ? 16 : font().pointSizeF();
    const auto sized = [](QWidget *widget, qreal points, bool bold) {
        QFont f = widget->font();
        f.setPointSizeF(points);
        f.setBold(bold);
        widget->setFont(f);
    };
    sized(m_progress, base * 0.85, false);
    sized(m_title, base * 1.5, true);
    sized(m_text, base, false);
    sized(m_question, base, true);
    sized(m_answer, base, false);
    sized(m_waiting, base * 0.9, false);
    sized(m_fileName, base * 0.85, true);
    sized(m_chartTitle, base * 0.85, true);
    sized(m_chart, base * 0.85, false);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(m_presentation ? base * 0.8 : base * 0.95);
    m_file->setFont(mono);
    m_replies->setFont(mono);
    // Room for a whole Service manifest (a dozen lines) without scrolling.
    m_file->setMinimumHeight(QFontMetrics(mono).lineSpacing() * (m_presentation ? 12 : 6));
    for (QPushButton *button : findChildren<QPushButton *>())
        sized(button, base * 0.9, button == m_next);
    sized(m_jump, base * 0.85, false);
    // Presenting, the keys move through the lesson (the buttons say which); the faults stay.
    for (QWidget *navigation :
         { static_cast<QWidget *>(m_previous), static_cast<QWidget *>(m_next),
           static_cast<QWidget *>(m_restart), static_cast<QWidget *>(m_jump) })
        navigation->setVisible(!m_presentation);
}

void LessonPanel::rebuild()
{
    const Lesson *lesson = m_runner.lesson();
    m_builtLesson = lesson;
    m_builtStep = m_runner.step();
    const QSignalBlocker block(m_jump);
    m_jump->clear();
    if (lesson)
        for (size_t i = 0; i < lesson->steps.size(); ++i)
            m_jump->addItem(QStringLiteral("%1. %2").arg(i + 1).arg(qs(lesson->steps[i].title)));
    m_jump->setCurrentIndex(m_runner.step());
    while (QLayoutItem *item = m_faults->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const LessonStep *step = m_runner.currentStep();
    if (!step)
        return;
    if (!step->faults.empty()) {
        auto *label = new QLabel(QStringLiteral("What goes wrong if…"), this);
        m_faults->addWidget(label);
    }
    for (size_t i = 0; i < step->faults.size(); ++i) {
        auto *button = new QPushButton(
                QStringLiteral("%1 · %2").arg(i + 1).arg(qs(step->faults[i].label)), this);
        button->setToolTip(QStringLiteral("Key %1").arg(i + 1));
        connect(button, &QPushButton::clicked, &m_runner, [this, i] {
            m_runner.runFault(int(i));
        });
        m_faults->addWidget(button);
    }
    if (m_fileStep != m_builtStep) {
        m_fileName->clear();
        m_file->clear();
    }
    applyFonts();
}

void LessonPanel::refresh()
{
    const Lesson *lesson = m_runner.lesson();
    if (lesson != m_builtLesson || m_runner.step() != m_builtStep)
        rebuild();
    const LessonStep *step = m_runner.currentStep();
    setEnabled(step != nullptr);
    if (!step) {
        m_progress->setText(QStringLiteral("No lesson open"));
        m_title->setText(QStringLiteral("Lesson > Open lesson… or pick a built-in one"));
        m_text->clear();
        m_predictBox->hide();
        m_file->hide();
        m_chart->hide();
        m_replies->hide();
        return;
    }
    m_progress->setText(QStringLiteral("%1 · step %2 of %3")
                                .arg(qs(lesson->title))
                                .arg(m_runner.step() + 1)
                                .arg(m_runner.stepCount()));
    m_title->setText(qs(step->title));
    m_text->setText(reflowed(step->text));
    m_predictBox->setVisible(!step->question.empty());
    m_question->setText(QStringLiteral("Predict: ") + qs(step->question));
    m_answer->setText(QStringLiteral("Answer: ") + qs(step->answer));
    m_answer->setVisible(m_runner.revealed());
    m_reveal->setVisible(!m_runner.revealed());
    const bool hasFile = m_fileStep == m_runner.step();
    m_fileName->setVisible(hasFile);
    m_file->setVisible(hasFile);
    refreshChart();
    refreshReplies();

    const QStringList waiting = m_runner.waiting();
    const bool last = m_runner.step() + 1 >= m_runner.stepCount();
    if (!m_runner.revealed())
        m_waiting->setText(QStringLiteral("Ask the class, then press → to reveal."));
    else if (m_runner.busy())
        m_waiting->setText(QStringLiteral("Running the step…"));
    else if (!waiting.isEmpty())
        m_waiting->setText(QStringLiteral("Waiting for: ") + waiting.join(QStringLiteral(" · ")));
    else
        m_waiting->setText(last ? QStringLiteral("The end of the lesson. Home starts it over.")
                                : QStringLiteral("Ready: → for the next step."));
    m_next->setEnabled(m_runner.canGoNext() && !last);
    m_previous->setEnabled(m_runner.step() > 0);
}

void LessonPanel::refreshChart()
{
    const LessonStep *step = m_runner.currentStep();
    const QString name = step ? qs(step->chart) : QString();
    const ClusterMirror &mirror = m_state.mirror();
    const model::Service *service = name.isEmpty()
            ? nullptr
            : mirror.service(mirror.serviceUid(QStringLiteral("default"), name));
    m_chart->setVisible(service != nullptr);
    m_chartTitle->setVisible(service != nullptr);
    if (!service)
        return;
    const ServiceBars chart = serviceBars(m_state, *service, m_runner.baseline());
    m_chartTitle->setText(QStringLiteral("Requests answered through %1 in this step: %2")
                                  .arg(name)
                                  .arg(chart.total));
    m_chart->setBars(chart.bars, m_colour ? m_colour(name) : palette().color(QPalette::Highlight));
}

void LessonPanel::refreshReplies()
{
    // The last few requests sent through node ports or a load balancer, one line each: where
    // to, which Pod on which node answered, and the client address that Pod saw.
    const QList<LessonReply> &replies = m_runner.replies();
    m_replies->setVisible(!replies.isEmpty());
    QStringList lines;
    for (qsizetype i = std::max<qsizetype>(0, replies.size() - 5); i < replies.size(); ++i) {
        const LessonReply &reply = replies.at(i);
        lines << (reply.answered
                          ? QStringLiteral("%1 → %2 on %3 · client %4")
                                    .arg(reply.target, reply.pod, reply.node, reply.client)
                          : QStringLiteral("%1 → refused (%2)").arg(reply.target, reply.error));
    }
    m_replies->setText(lines.join(QLatin1Char('\n')));
}

} // namespace clusterlab::app
