#include "editor/editor_dock.h"

#include "editor/code_editor.h"
#include "editor/find_bar.h"
#include "editor/manifest_document.h"
#include "editor/problems_view.h"
#include "editor/template_palette.h"
#include "editor/yaml_export.h"
#include "state/cluster_state.h"

#include <QCheckBox>
#include <QFileSystemWatcher>
#include <QFontDatabase>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QShortcut>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTextDocument>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUuid>
#include <QVBoxLayout>

namespace clusterlab::app {

EditorDock::EditorDock(Engine &engine, const ClusterState &state, QWidget *parent)
    : QWidget(parent),
      m_engine(engine),
      m_state(state),
      m_tabs(new QTabWidget),
      m_palette(new TemplatePalette),
      m_find(new FindBar),
      m_bottom(new QTabWidget),
      m_problems(new ProblemsView),
      m_output(new QPlainTextEdit),
      m_watcher(new QFileSystemWatcher(this)),
      m_autosaveTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("EditorPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto *bar = new QToolBar;
    bar->setIconSize(QSize(16, 16));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    buildToolBar(bar);
    layout->addWidget(bar);
    auto *paletteLabel = new QLabel(QStringLiteral("Templates — drag onto the canvas or a lane"));
    paletteLabel->setContentsMargins(6, 4, 6, 0);
    QFont small = paletteLabel->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    paletteLabel->setFont(small);
    paletteLabel->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(paletteLabel);
    layout->addWidget(m_palette);

    auto *documentArea = new QWidget;
    auto *documentLayout = new QVBoxLayout(documentArea);
    documentLayout->setContentsMargins(0, 0, 0, 0);
    documentLayout->setSpacing(0);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    documentLayout->addWidget(m_tabs, 1);
    documentLayout->addWidget(m_find);
    m_output->setReadOnly(true);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setMaximumBlockCount(2000);
    m_bottom->addTab(m_problems, QStringLiteral("Problems"));
    m_bottom->addTab(m_output, QStringLiteral("Output"));
    m_bottom->setDocumentMode(true);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(documentArea);
    split->addWidget(m_bottom);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    split->setSizes({ 800, 170 }); // the text first; problems and output below
    split->setChildrenCollapsible(false);
    layout->addWidget(split, 1);

    connect(m_tabs, &QTabWidget::currentChanged, this, &EditorDock::onCurrentChanged);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        closeDocument(qobject_cast<ManifestDocument *>(m_tabs->widget(index)));
    });
    connect(m_problems, &ProblemsView::jumpRequested, this, [this](int line, int column) {
        if (ManifestDocument *document = current(); document && line > 0)
            document->editor()->jumpTo(line, column);
    });
    connect(m_palette, &TemplatePalette::templateActivated, this, [this](const QString &id) {
        dropTemplate(id, std::nullopt);
    });
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &EditorDock::onFileChanged);
    connect(m_autosaveTimer, &QTimer::timeout, this, &EditorDock::autosaveNow);
    m_autosaveTimer->start(3000);

    auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), [this] {
        applyCurrent();
    });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), [this] {
        applyCurrent();
    });
    shortcut(QKeySequence::Save, [this] {
        save(current());
    });
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S), [this] {
        saveAs(current());
    });
    shortcut(QKeySequence::Find, [this] {
        m_find->open(false);
    });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_H), [this] {
        m_find->open(true);
    });
    shortcut(QKeySequence(Qt::Key_F3), [this] {
        m_find->find(false);
    });
    connect(&state, &ClusterState::changed, this, [this](const StateChange &change) {
        applyBatch(*change.batch);
    });
    restoreAutosaved();
}

EditorDock::~EditorDock() = default;

QString EditorDock::selectedUid() const
{
    return m_selectedUid ? m_selectedUid() : QString();
}

void EditorDock::buildToolBar(QWidget *barWidget)
{
    auto *bar = static_cast<QToolBar *>(barWidget);
    bar->addAction(QStringLiteral("New"), this, [this] {
           newDocument();
       })->setToolTip(QStringLiteral("A new, empty manifest"));
    auto *open = new QToolButton;
    open->setText(QStringLiteral("Open"));
    open->setPopupMode(QToolButton::MenuButtonPopup);
    m_recentMenu = new QMenu(open);
    open->setMenu(m_recentMenu);
    connect(open, &QToolButton::clicked, this, [this] {
        openWithDialog();
    });
    bar->addWidget(open);
    rebuildRecentMenu();
    bar->addAction(QStringLiteral("Save"), this, [this] {
           save(current());
       })->setToolTip(QStringLiteral("Save (Ctrl+S); Ctrl+Shift+S saves as"));
    bar->addSeparator();
    QAction *apply = bar->addAction(QStringLiteral("▶ Apply"), this, [this] {
        applyCurrent();
    });
    apply->setToolTip(QStringLiteral("kubectl apply -f this document, all or nothing "
                                     "(Ctrl+Return)"));
    m_liveBox = new QCheckBox(QStringLiteral("Live"));
    m_liveBox->setToolTip(QStringLiteral("Apply on every pause in typing that leaves the "
                                         "document valid"));
    connect(m_liveBox, &QCheckBox::toggled, this, &EditorDock::setLive);
    bar->addWidget(m_liveBox);
    bar->addSeparator();
    auto *exportButton = new ExportButton(
            [this](const QString &uid) {
                return exportYaml(uid);
            },
            [this](const QString &uid) {
                return exportFileName(m_state.mirror(), uid);
            },
            [this] {
                return selectedUid();
            });
    auto *exportMenu = new QMenu(exportButton);
    exportMenu->addAction(QStringLiteral("Export the cluster as YAML…"), this, [this] {
        exportToFile(QString());
    });
    exportMenu->addAction(QStringLiteral("Export the selected object as YAML…"), this, [this] {
        exportToFile(selectedUid());
    });
    exportButton->setMenu(exportMenu);
    bar->addWidget(exportButton);
}

ManifestDocument *EditorDock::newDocument(const QString &text, const QString &title)
{
    auto *document = new ManifestDocument(
            QUuid::createUuid().toString(QUuid::WithoutBraces).left(8), &m_state.mirror());
    document->setUntitledName(title.isEmpty() ? QStringLiteral("Untitled %1").arg(++m_untitledCount)
                                              : title);
    document->setText(text);
    document->setModified(false);
    connect(document, &ManifestDocument::checked, this, [this, document] {
        onDocumentChecked(document);
    });
    connect(document->editor()->document(), &QTextDocument::modificationChanged, this,
            [this, document] {
                refreshTitle(document);
            });
    connect(document->editor(), &CodeEditor::filesDropped, this, [this](const QList<QUrl> &urls) {
        QStringList paths;
        for (const QUrl &url : urls)
            paths << url.toLocalFile();
        openPaths(paths, true);
    });
    connect(document, &ManifestDocument::reloadRequested, this, [this, document] {
        reload(document);
    });
    m_tabs->addTab(document, document->displayName());
    refreshTitle(document);
    setCurrent(document);
    onDocumentChecked(document);
    return document;
}

QList<ManifestDocument *> EditorDock::documents() const
{
    QList<ManifestDocument *> out;
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto *document = qobject_cast<ManifestDocument *>(m_tabs->widget(i)))
            out << document;
    return out;
}

ManifestDocument *EditorDock::current() const
{
    return qobject_cast<ManifestDocument *>(m_tabs->currentWidget());
}

void EditorDock::setCurrent(ManifestDocument *document)
{
    m_tabs->setCurrentWidget(document);
}

bool EditorDock::closeDocument(ManifestDocument *document)
{
    if (!document)
        return false;
    if (document->isModified()) {
        setCurrent(document);
        const auto answer = QMessageBox::question(
                this, QStringLiteral("Unsaved changes"),
                QStringLiteral("Save the changes to %1 before closing it?")
                        .arg(document->displayName()),
                QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
        if (answer == QMessageBox::Cancel || (answer == QMessageBox::Save && !save(document)))
            return false;
    }
    if (!document->path().isEmpty())
        m_watcher->removePath(document->path());
    m_autosave.remove(document->id());
    m_autosaved.remove(document);
    m_lastApplied.remove(document);
    m_tabs->removeTab(m_tabs->indexOf(document));
    document->deleteLater();
    return true;
}

QString EditorDock::outputText() const
{
    return m_output->toPlainText();
}

void EditorDock::onCurrentChanged()
{
    ManifestDocument *document = current();
    m_find->setEditor(document ? document->editor() : nullptr);
    if (document)
        onDocumentChecked(document);
    else
        m_problems->setProblems(QString(), {});
}

void EditorDock::onDocumentChecked(ManifestDocument *document)
{
    if (document == current()) {
        m_problems->setProblems(document->displayName(), document->problems());
        QString title = QStringLiteral("Problems");
        if (m_problems->errorCount() || m_problems->warningCount())
            title += QStringLiteral(" (%1 error%2, %3 warning%4)")
                             .arg(m_problems->errorCount())
                             .arg(m_problems->errorCount() == 1 ? "" : "s")
                             .arg(m_problems->warningCount())
                             .arg(m_problems->warningCount() == 1 ? "" : "s");
        m_bottom->setTabText(0, title);
    }
    const int index = m_tabs->indexOf(document);
    if (index >= 0) {
        const bool errors = document->check().hasErrors;
        m_tabs->setTabIcon(index,
                           errors ? style()->standardIcon(QStyle::SP_MessageBoxCritical) : QIcon());
    }
    if (m_live && !document->check().hasErrors && m_lastApplied.value(document) != document->text())
        applyDocument(document);
}

void EditorDock::refreshTitle(ManifestDocument *document)
{
    const int index = m_tabs->indexOf(document);
    if (index < 0)
        return;
    m_tabs->setTabText(index,
                       document->displayName()
                               + (document->isModified() ? QStringLiteral(" •") : QString()));
    m_tabs->setTabToolTip(index,
                          document->path().isEmpty() ? document->displayName() : document->path());
}

void EditorDock::appendOutput(const QString &command, const QStringList &lines)
{
    m_output->appendPlainText(QStringLiteral("$ ") + command);
    for (const QString &line : lines)
        m_output->appendPlainText(line);
}

} // namespace clusterlab::app
