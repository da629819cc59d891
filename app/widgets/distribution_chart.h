#pragma once

#include "state/service_bars.h"

#include <QColor>
#include <QWidget>

#include <functional>

namespace clusterlab::app {

/// ServiceColour is the colour a Service has on the canvas (by name), so that a chart of its
/// endpoints matches its gate. The main window hands the canvas's to the panels that chart.
using ServiceColour = std::function<QColor(const QString &serviceName)>;

/// DistributionChart draws requests per endpoint Pod as horizontal bars, with a mark at the
/// share each Pod should get (1/N of the ready endpoints) and the exact counts.
class DistributionChart : public QWidget
{
    Q_OBJECT
public:
    using Bar = EndpointBar;

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
