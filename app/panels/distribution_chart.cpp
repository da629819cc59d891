#include "panels/distribution_chart.h"

#include <QPainter>

namespace clusterlab::app {

namespace {
constexpr int kRow = 24;
constexpr int kLabelWidth = 150;
} // namespace

DistributionChart::DistributionChart(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void DistributionChart::setBars(const QList<Bar> &bars, const QColor &colour)
{
    const bool resized = bars.size() != m_bars.size();
    m_bars = bars;
    m_colour = colour;
    if (resized)
        updateGeometry();
    update();
}

QSize DistributionChart::sizeHint() const
{
    return { 320, int(std::max<qsizetype>(1, m_bars.size())) * kRow + 26 };
}

QSize DistributionChart::minimumSizeHint() const
{
    return sizeHint();
}

void DistributionChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    quint64 total = 0, most = 1;
    int ready = 0;
    for (const Bar &bar : std::as_const(m_bars)) {
        total += bar.requests;
        most = std::max(most, bar.requests);
        ready += bar.ready;
    }
    if (m_bars.isEmpty()) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, QStringLiteral("no endpoints"));
        return;
    }
    const double fair = ready > 0 ? double(total) / ready : 0;
    const double scale = std::max<double>(most, fair * 1.15);
    const int barLeft = kLabelWidth + 8, barWidth = std::max(40, width() - barLeft - 70);
    int y = 2;
    for (const Bar &bar : std::as_const(m_bars)) {
        painter.setPen(pal.color(QPalette::WindowText));
        painter.drawText(QRect(0, y, kLabelWidth, kRow - 4), Qt::AlignVCenter | Qt::AlignLeft,
                         fontMetrics().elidedText(bar.pod, Qt::ElideMiddle, kLabelWidth));
        QColor fill = bar.ready ? m_colour : pal.color(QPalette::Mid);
        painter.setPen(Qt::NoPen);
        painter.setBrush(pal.color(QPalette::AlternateBase));
        painter.drawRoundedRect(QRectF(barLeft, y + 3, barWidth, kRow - 10), 3, 3);
        painter.setBrush(fill);
        painter.drawRoundedRect(QRectF(barLeft, y + 3, barWidth * bar.requests / scale, kRow - 10),
                                3, 3);
        const double share = total ? 100.0 * bar.requests / total : 0;
        painter.setPen(pal.color(QPalette::WindowText));
        painter.drawText(QRect(barLeft + barWidth + 6, y, 64, kRow - 4),
                         Qt::AlignVCenter | Qt::AlignLeft,
                         QStringLiteral("%1 · %2%").arg(bar.requests).arg(share, 0, 'f', 0));
        y += kRow;
    }
    if (fair > 0) { // the fair share of a ready endpoint
        const double x = barLeft + barWidth * fair / scale;
        painter.setPen(QPen(pal.color(QPalette::WindowText), 1.2, Qt::DashLine));
        painter.drawLine(QPointF(x, 0), QPointF(x, y));
        painter.drawText(QRectF(x - 60, y, 120, 18), Qt::AlignCenter,
                         QStringLiteral("fair share %1%").arg(100.0 / ready, 0, 'f', 0));
    }
}

} // namespace clusterlab::app
