#pragma once

#include "widgets/distribution_chart.h"

#include <QWidget>

class QBoxLayout;
class QComboBox;
class QFrame;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTextDocument;
class QVBoxLayout;

namespace clusterlab::app {

class ClusterState;
class LessonRunner;

/// LessonPanel is what the class reads: "step 4 of 9", the step's title and text, the
/// question to predict and, once revealed, its answer; the YAML the step shows, the chart of
/// requests per Pod, the last requests sent through node ports and load balancers, what the step still waits for, the one-click faults and the buttons
/// (each with its key). Presentation mode makes everything large. It redraws when the runner
/// or the ClusterState changes.
class LessonPanel : public QWidget
{
    Q_OBJECT
public:
    LessonPanel(LessonRunner &runner, const ClusterState &state, QWidget *parent = nullptr);

    /// setServiceColour gives the chart its Service's colour (the highlight colour without).
    void setServiceColour(ServiceColour colour) { m_colour = std::move(colour); }
    /// fileDocument holds the lesson file shown (the main window gives it YAML highlighting).
    QTextDocument *fileDocument() const;
    /// showFile puts a lesson file beside the text for the current step.
    void showFile(const QString &name, const QString &text);
    void setPresentation(bool on);
    bool presentation() const { return m_presentation; }
    /// refresh redraws from the runner and the state.
    void refresh();

    QString progressText() const;
    QString titleText() const;
    QPushButton *nextButton() const { return m_next; }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    /// buildStory makes the left column: progress, title, text, the question to predict
    /// (buildPredictBox) and what the step waits for.
    QWidget *buildStory();
    void buildPredictBox();
    /// buildAside makes the middle column: the lesson file and the chart of requests per Pod.
    QWidget *buildAside();
    /// buildControls makes the right column: previous/next, restart, jump, the faults.
    QWidget *buildControls();
    /// connectRunner makes the buttons drive the runner and the runner's changes redraw.
    void connectRunner();
    void rebuild();
    void refreshChart();
    /// refreshReplies lists the step's last requests through nodes and load balancers.
    void refreshReplies();
    void applyFonts();

    LessonRunner &m_runner;
    const ClusterState &m_state;
    ServiceColour m_colour;
    QLabel *m_progress;
    QLabel *m_title;
    QLabel *m_text;
    QFrame *m_predictBox;
    QLabel *m_question;
    QLabel *m_answer;
    QPushButton *m_reveal;
    QLabel *m_waiting;
    QPlainTextEdit *m_file;
    QLabel *m_fileName;
    DistributionChart *m_chart;
    QLabel *m_chartTitle;
    QLabel *m_replies;
    QBoxLayout *m_row;
    QWidget *m_story;
    QWidget *m_aside;
    QWidget *m_controls;
    QVBoxLayout *m_faults;
    QPushButton *m_previous;
    QPushButton *m_next;
    QPushButton *m_restart;
    QComboBox *m_jump;
    int m_builtStep = -1;
    const void *m_builtLesson = nullptr;
    int m_fileStep = -1;
    bool m_presentation = false;
};

} // namespace clusterlab::app
