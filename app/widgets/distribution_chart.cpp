#include "widgets/distribution_chart.h"

#include <QPainter>

namespace clusterlab::app {

namespace {
// Row height, label and count widths follow the font, so the chart grows with the large
// type of presentation mode (24, 150 and 64 px at a 9-10 pt desktop font).
int rowHeight(const QFontMetrics &metrics)
{
    return std::max(24, metrics.height() * 5 / 3);
}
int labelWidth(const QFontMetrics &metrics)
{
    return std::max(150, metrics.averageCharWidth() * 16);
}
int countWidth(const QFontMetrics &metrics)
{
    return std::max(64, metrics.horizontalAdvance(QStringLiteral("9999 · 100%")));
}
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
    const QFontMetrics metrics = fontMetrics();
    return { labelWidth(metrics) + countWidth(metrics) + 100,
             int(std::max<qsizetype>(1, m_bars.size())) * rowHeight(metrics) + metrics.height()
                     + 8 };
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
    const QFontMetrics metrics = fontMetrics();
    const int row = rowHeight(metrics), labelW = labelWidth(metrics);
    const int countW = countWidth(metrics);
    const int barLeft = labelW + 8, barWidth = std::max(40, width() - barLeft - countW - 6);
    int y = 2;
    for (const Bar &bar : std::as_const(m_bars)) {
        painter.setPen(pal.color(QPalette::WindowText));
        painter.drawText(QRect(0, y, labelW, row - 4), Qt::AlignVCenter | Qt::AlignLeft,
                         fontMetrics().elidedText(bar.pod, Qt::ElideMiddle, labelW));
        QColor fill = bar.ready ? m_colour : pal.color(QPalette::Mid);
        painter.setPen(Qt::NoPen);
        painter.setBrush(pal.color(QPalette::AlternateBase));
        painter.drawRoundedRect(QRectF(barLeft, y + 3, barWidth, row - 10), 3, 3);
        painter.setBrush(fill);
        painter.drawRoundedRect(QRectF(barLeft, y + 3, barWidth * bar.requests / scale, row - 10),
                                3, 3);
        const double share = total ? 100.0 * bar.requests / total : 0;
        painter.setPen(pal.color(QPalette::WindowText));
        painter.drawText(QRect(barLeft + barWidth + 6, y, countW, row - 4),
                         Qt::AlignVCenter | Qt::AlignLeft,
                         QStringLiteral("%1 · %2%").arg(bar.requests).arg(share, 0, 'f', 0));
        y += row;
    }
    if (fair > 0) { // the fair share of a ready endpoint
        const double x = barLeft + barWidth * fair / scale;
        painter.setPen(QPen(pal.color(QPalette::WindowText), 1.2, Qt::DashLine));
        painter.drawLine(QPointF(x, 0), QPointF(x, y));
        painter.drawText(QRectF(x - labelW / 2.0, y, labelW, metrics.height() + 4), Qt::AlignCenter,
                         QStringLiteral("fair share %1%").arg(100.0 / ready, 0, 'f', 0));
    }
}

} // namespace clusterlab::app
