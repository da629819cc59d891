#include "editor/editor_dock.h"

#include "editor/code_editor.h"
#include "editor/document_applier.h"
#include "editor/document_autosaver.h"
#include "editor/document_files.h"
#include "editor/document_sync.h"
#include "editor/document_tabs.h"
#include "editor/find_bar.h"
#include "editor/manifest_document.h"
#include "editor/problems_output_pane.h"
#include "editor/problems_view.h"
#include "editor/template_palette.h"
#include "editor/yaml_export.h"
#include "state/cluster_state.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QLabel>
#include <QMenu>
#include <QSaveFile>
#include <QShortcut>
#include <QSplitter>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace clusterlab::app {

EditorDock::EditorDock(Engine &engine, const ClusterState &state, QWidget *parent)
    : QWidget(parent),
      m_state(state),
      m_tabs(new DocumentTabs(state)),
      m_pane(new ProblemsOutputPane),
      m_palette(new TemplatePalette),
      m_find(new FindBar),
      m_autosaver(new DocumentAutosaver(*m_tabs, this)),
      m_files(new DocumentFiles(*m_tabs, *m_pane, *m_autosaver, this)),
      m_applier(new DocumentApplier(engine, state, *m_tabs, *m_pane, this)),
      m_sync(new DocumentSync(state, *m_tabs, *m_applier, this))
{
    setObjectName(QStringLiteral("EditorPanel"));
    buildLayout();
    connectParts();
    addShortcuts();
    m_files->restoreAutosaved();
}

EditorDock::~EditorDock() = default;

void EditorDock::buildLayout()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto *bar = new QToolBar;
    bar->setIconSize(QSize(16, 16));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    buildToolBar(bar);
    layout->addWidget(bar);
    layout->addWidget(buildPaletteLabel());
    layout->addWidget(m_palette);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(buildDocumentArea());
    split->addWidget(m_pane);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    split->setSizes({ 800, 170 }); // the text first; problems and output below
    split->setChildrenCollapsible(false);
    layout->addWidget(split, 1);
}

QWidget *EditorDock::buildPaletteLabel()
{
    auto *label = new QLabel(QStringLiteral("Templates — drag onto the canvas or a lane"));
    label->setContentsMargins(6, 4, 6, 0);
    QFont small = label->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    label->setFont(small);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

QWidget *EditorDock::buildDocumentArea()
{
    auto *area = new QWidget;
    auto *layout = new QVBoxLayout(area);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_find);
    return area;
}

void EditorDock::buildToolBar(QToolBar *bar)
{
    bar->addAction(QStringLiteral("New"), this, [this] {
           newDocument();
       })->setToolTip(QStringLiteral("A new, empty manifest"));
    auto *open = new QToolButton;
    open->setText(QStringLiteral("Open"));
    open->setPopupMode(QToolButton::MenuButtonPopup);
    open->setMenu(new QMenu(open));
    connect(open, &QToolButton::clicked, m_files, &DocumentFiles::openWithDialog);
    bar->addWidget(open);
    m_files->setRecentMenu(open->menu());
    bar->addAction(QStringLiteral("Save"), this, [this] {
           m_files->save(m_tabs->current());
       })->setToolTip(QStringLiteral("Save (Ctrl+S); Ctrl+Shift+S saves as"));
    bar->addSeparator();
    QAction *apply =
            bar->addAction(QStringLiteral("▶ Apply"), m_applier, &DocumentApplier::applyCurrent);
    apply->setToolTip(QStringLiteral("kubectl apply -f this document, all or nothing "
                                     "(Ctrl+Return)"));
    m_liveBox = new QCheckBox(QStringLiteral("Live"));
    m_liveBox->setToolTip(QStringLiteral("Apply on every pause in typing that leaves the "
                                         "document valid"));
    connect(m_liveBox, &QCheckBox::toggled, m_applier, &DocumentApplier::setLive);
    connect(m_applier, &DocumentApplier::liveChanged, m_liveBox, &QCheckBox::setChecked);
    bar->addWidget(m_liveBox);
    bar->addSeparator();
    bar->addWidget(buildExportButton());
}

QWidget *EditorDock::buildExportButton()
{
    auto *button = new ExportButton(
            [this](const QString &uid) {
                return exportYaml(uid);
            },
            [this](const QString &uid) {
                return exportFileName(m_state.mirror(), uid);
            },
            [this] {
                return selectedUid();
            });
    auto *menu = new QMenu(button);
    menu->addAction(QStringLiteral("Export the cluster as YAML…"), this, [this] {
        exportToFile(QString());
    });
    menu->addAction(QStringLiteral("Export the selected object as YAML…"), this, [this] {
        exportToFile(selectedUid());
    });
    button->setMenu(menu);
    return button;
}

void EditorDock::connectParts()
{
    connect(m_tabs, &DocumentTabs::currentDocumentChanged, this, &EditorDock::onCurrentChanged);
    connect(m_tabs, &DocumentTabs::documentChecked, this, &EditorDock::onDocumentChecked);
    connect(m_tabs, &DocumentTabs::closeRequested, m_files, &DocumentFiles::closeDocument);
    connect(m_tabs, &DocumentTabs::reloadRequested, m_files, &DocumentFiles::reload);
    connect(m_tabs, &DocumentTabs::filesDropped, this, [this](const QStringList &paths) {
        openPaths(paths, true);
    });
    connect(m_files, &DocumentFiles::closing, m_applier, &DocumentApplier::forget);
    connect(m_applier, &DocumentApplier::applied, this, &EditorDock::applied);
    connect(m_pane->problemsView(), &ProblemsView::jumpRequested, this,
            [this](int line, int column) {
                if (ManifestDocument *document = m_tabs->current(); document && line > 0)
                    document->editor()->jumpTo(line, column);
            });
    connect(m_palette, &TemplatePalette::templateActivated, this, [this](const QString &id) {
        m_applier->dropTemplate(id, std::nullopt);
    });
}

void EditorDock::addShortcuts()
{
    auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), [this] {
        m_applier->applyCurrent();
    });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), [this] {
        m_applier->applyCurrent();
    });
    shortcut(QKeySequence::Save, [this] {
        m_files->save(m_tabs->current());
    });
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S), [this] {
        m_files->saveAs(m_tabs->current());
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
}

void EditorDock::onCurrentChanged(ManifestDocument *document)
{
    m_find->setEditor(document ? document->editor() : nullptr);
    if (document)
        onDocumentChecked(document);
    else
        m_pane->showProblemsOf(nullptr);
}

void EditorDock::onDocumentChecked(ManifestDocument *document)
{
    if (document == m_tabs->current())
        m_pane->showProblemsOf(document);
    m_applier->applyIfLive(document);
}

void EditorDock::setTierAt(std::function<QString(const QPointF &scenePos)> tierAt)
{
    m_applier->setTierAt(std::move(tierAt));
}

QString EditorDock::selectedUid() const
{
    return m_selectedUid ? m_selectedUid() : QString();
}

ManifestDocument *EditorDock::newDocument(const QString &text, const QString &title)
{
    return m_tabs->newDocument(text, title);
}

QList<ManifestDocument *> EditorDock::documents() const
{
    return m_tabs->documents();
}

void EditorDock::setCurrent(ManifestDocument *document)
{
    m_tabs->setCurrent(document);
}

QList<ManifestDocument *> EditorDock::openPaths(const QStringList &paths, bool apply)
{
    const QList<ManifestDocument *> opened = m_files->openPaths(paths);
    if (apply)
        for (ManifestDocument *document : opened)
            m_applier->applyDocument(document);
    return opened;
}

void EditorDock::applyDocument(ManifestDocument *document)
{
    m_applier->applyDocument(document);
}

bool EditorDock::confirmClose()
{
    return m_files->confirmClose();
}

QString EditorDock::exportYaml(const QString &uid) const
{
    return uid.isEmpty() ? clusterYaml(m_state.mirror()) : objectYamlOf(m_state.mirror(), uid);
}

void EditorDock::exportToFile(const QString &uid)
{
    const QString yaml = exportYaml(uid);
    if (yaml.isEmpty()) {
        m_pane->appendOutput(QStringLiteral("export"),
                             { QStringLiteral("error: select an object on the canvas first") });
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export as YAML"),
                                                      exportFileName(m_state.mirror(), uid),
                                                      QStringLiteral("YAML (*.yaml *.yml)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(yaml.toUtf8()) >= 0 && file.commit())
        m_pane->appendOutput(QStringLiteral("export"), { QStringLiteral("wrote %1").arg(path) });
    else
        m_pane->appendOutput(QStringLiteral("export"),
                             { QStringLiteral("error: %1: %2").arg(path, file.errorString()) });
}

} // namespace clusterlab::app
