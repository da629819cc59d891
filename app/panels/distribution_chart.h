#pragma once

#include <QColor>
#include <QWidget>

namespace clusterlab::app {

/// DistributionChart draws requests per endpoint Pod as horizontal bars, with a mark at the
/// share each Pod should get (1/N of the ready endpoints) and the exact counts.
class DistributionChart : public QWidget
{
    Q_OBJECT
public:
    struct Bar
    {
        QString pod;
        quint64 requests = 0;
        bool ready = true;
    };

    explicit DistributionChart(QWidget *parent = nullptr);

    void setBars(const QList<Bar> &bars, const QColor &colour);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<Bar> m_bars;
    QColor m_colour;
};

} // namespace clusterlab::app
