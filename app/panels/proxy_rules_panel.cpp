#include "panels/proxy_rules_panel.h"

#include "bridge/engine_commands.h"
#include "state/cluster_state.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextLayout>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <set>

namespace clusterlab::app {

namespace {

constexpr int kRefreshMs = 1000;

/// keeps says whether a line stays under the filter: lines of a matching Service, and the
/// table and chain structure around them.
bool keeps(const proxyrules::RuleLine &line, const QString &filter)
{
    if (filter.isEmpty())
        return true;
    using proxyrules::RuleRole;
    if (line.role == RuleRole::TableHeader || line.role == RuleRole::Commit)
        return true;
    return QString::fromStdString(line.svcKey).contains(filter, Qt::CaseInsensitive);
}

QString lineText(const proxyrules::RuleLine &line, bool counters)
{
    if (counters && proxyrules::isRule(line))
        return QStringLiteral("[%1:%2] %3")
                .arg(line.packets)
                .arg(line.bytes)
                .arg(QString::fromStdString(line.text));
    return QString::fromStdString(line.text);
}

} // namespace

ProxyRulesPanel::ProxyRulesPanel(const ClusterState &state, EngineCommands &commands,
                                 QWidget *parent)
    : QWidget(parent),
      m_state(state),
      m_commands(commands),
      m_mode(new QComboBox),
      m_node(new QComboBox),
      m_filter(new QLineEdit),
      m_last(new QLabel),
      m_listing(new QPlainTextEdit),
      m_timer(new QTimer(this))
{
    m_mode->addItem(QStringLiteral("iptables"), int(ProxyMode::Iptables));
    m_mode->addItem(QStringLiteral("IPVS"), int(ProxyMode::Ipvs));
    m_mode->addItem(QStringLiteral("nftables"), int(ProxyMode::Nftables));
    m_mode->setToolTip(QStringLiteral("The kube-proxy mode whose rules are shown"));
    m_node->setToolTip(QStringLiteral("The node whose kube-proxy rules are shown"));
    m_filter->setPlaceholderText(QStringLiteral("Service (e.g. backend)"));
    m_filter->setClearButtonEnabled(true);
    m_last->setWordWrap(true);
    m_last->setText(QStringLiteral("No connection yet: curl a Service to see which rules it "
                                   "matches."));
    m_listing->setReadOnly(true);
    m_listing->setLineWrapMode(QPlainTextEdit::WidgetWidth); // a rule is never cut off
    m_listing->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_listing->setObjectName(QStringLiteral("ProxyRulesListing"));

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(QStringLiteral("kube-proxy mode")));
    controls->addWidget(m_mode);
    controls->addWidget(new QLabel(QStringLiteral("on")));
    controls->addWidget(m_node);
    controls->addWidget(m_filter, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(m_last);
    layout->addWidget(m_listing, 1);

    refillNodes();
    connect(&m_state, &ClusterState::changed, this, [this] {
        refillNodes();
    });
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        request();
    });
    connect(m_node, &QComboBox::currentIndexChanged, this, [this] {
        request();
    });
    connect(m_filter, &QLineEdit::textChanged, this, [this] {
        showView(m_view);
    });
    connect(&m_commands, &EngineCommands::proxyRulesReady, this,
            [this](const std::shared_ptr<const ProxyRulesView> &view) {
                m_waiting = false;
                showView(view);
            });
    m_timer->setInterval(kRefreshMs);
    connect(m_timer, &QTimer::timeout, this, [this] {
        request();
    });
}

void ProxyRulesPanel::refillNodes()
{
    const QStringList names = m_state.mirror().nodeNames();
    QStringList have;
    for (int i = 0; i < m_node->count(); ++i)
        have << m_node->itemText(i);
    if (names == have)
        return;
    const QString current = m_node->currentText();
    const QSignalBlocker block(m_node);
    m_node->clear();
    m_node->addItems(names);
    if (const int i = m_node->findText(current); i >= 0)
        m_node->setCurrentIndex(i);
}

void ProxyRulesPanel::request()
{
    if (m_waiting)
        return;
    m_waiting = true;
    m_commands.requestProxyRules(ProxyMode(m_mode->currentData().toInt()), m_node->currentText());
}

void ProxyRulesPanel::setFilter(const QString &text)
{
    m_filter->setText(text);
}

void ProxyRulesPanel::setMode(ProxyMode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(int(mode)));
}

void ProxyRulesPanel::setPresentation(bool on)
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (on)
        font.setPointSizeF(font.pointSizeF() * 1.6);
    m_listing->setFont(font);
}

void ProxyRulesPanel::showView(const std::shared_ptr<const ProxyRulesView> &view)
{
    m_view = view;
    if (!view)
        return;
    const bool counters = view->mode == ProxyMode::Iptables;
    const QString filter = m_filter->text().trimmed();
    const std::set<std::string> matched(view->matched.begin(), view->matched.end());
    QStringList text;
    QList<int> marked;
    m_highlighted.clear();
    for (const auto &line : view->lines) {
        if (!keeps(line, filter))
            continue;
        if (matched.count(line.id)) {
            marked << int(text.size());
            m_highlighted << QString::fromStdString(line.text);
        }
        text << lineText(line, counters);
    }
    const int scroll = m_listing->verticalScrollBar() ? m_listing->verticalScrollBar()->value() : 0;
    const QString joined = text.join('\n');
    if (joined != m_listing->toPlainText())
        m_listing->setPlainText(joined);
    QList<QTextEdit::ExtraSelection> selections;
    for (int row : marked) {
        // A full-width selection paints the line its cursor is on; a wrapped rule has several.
        const QTextBlock block = m_listing->document()->findBlockByNumber(row);
        const int lines = block.layout() ? std::max(1, block.layout()->lineCount()) : 1;
        for (int i = 0; i < lines; ++i) {
            QTextEdit::ExtraSelection selection;
            selection.cursor = QTextCursor(block);
            if (i > 0)
                selection.cursor.setPosition(block.position()
                                             + block.layout()->lineAt(i).textStart());
            selection.format.setBackground(QColor(255, 214, 102));
            selection.format.setProperty(QTextFormat::FullWidthSelection, true);
            selections << selection;
        }
    }
    m_listing->setExtraSelections(selections);
    if (scroll == 0 && !marked.isEmpty()) {
        // Not scrolled yet: bring the last connection's first rule into view.
        m_listing->setTextCursor(
                QTextCursor(m_listing->document()->findBlockByNumber(marked.front())));
        m_listing->ensureCursorVisible();
    } else {
        m_listing->verticalScrollBar()->setValue(scroll);
    }
    m_last->setText(
            view->lastConnection.empty()
                    ? QStringLiteral("No connection yet: curl a Service to see which "
                                     "rules it matches.")
                    : QStringLiteral("Last connection: %1%2")
                              .arg(QString::fromStdString(view->lastConnection),
                                   view->matched.empty()
                                           ? QString()
                                           : QStringLiteral(" (its rules are highlighted)")));
}

QString ProxyRulesPanel::text() const
{
    return m_listing->toPlainText();
}

QStringList ProxyRulesPanel::highlighted() const
{
    return m_highlighted;
}

void ProxyRulesPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    request();
    m_timer->start();
}

void ProxyRulesPanel::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer->stop();
}

} // namespace clusterlab::app
