#include "panels/traffic_panel.h"

#include "bridge/engine_commands.h"
#include "state/cluster_state.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>

#include <cmath>

namespace clusterlab::app {

namespace {

// The slider is logarithmic: 0, then 0.5 .. 5000 requests/s.
double rateOfSlider(int v)
{
    return v == 0 ? 0.0 : 0.5 * std::pow(10.0, (v - 1) / 25.0);
}

int sliderOfRate(double rate)
{
    return rate <= 0 ? 0 : std::clamp(int(std::lround(1 + 25 * std::log10(rate / 0.5))), 1, 101);
}

} // namespace

TrafficPanel::TrafficPanel(const ClusterState &state, EngineCommands &commands, QWidget *parent)
    : QWidget(parent), m_state(state), m_commands(commands)
{
    auto *form = new QFormLayout(this);
    m_rate = new QDoubleSpinBox;
    m_rate->setRange(0, 10000);
    m_rate->setDecimals(1);
    m_rate->setSuffix(QStringLiteral(" requests/s"));
    m_rate->setSpecialValueText(QStringLiteral("paused"));
    m_slider = new QSlider(Qt::Horizontal);
    m_slider->setRange(0, 101);
    auto *pause = new QPushButton(QStringLiteral("Pause"));
    auto *row = new QHBoxLayout;
    row->addWidget(m_rate, 1);
    row->addWidget(pause);
    form->addRow(QStringLiteral("Users"), row);
    form->addRow(QString(), m_slider);
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        if (sliderOfRate(m_rate->value()) != v)
            m_rate->setValue(rateOfSlider(v));
    });
    connect(m_rate, &QDoubleSpinBox::valueChanged, this, [this](double rate) {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(sliderOfRate(rate));
        m_commands.setUsersRate(rate);
        emit usersRateChanged(rate);
    });
    connect(pause, &QPushButton::clicked, this, [this] {
        m_rate->setValue(0);
    });

    m_mode = new QComboBox;
    m_mode->addItem(QStringLiteral("Random (like iptables)"), int(net::BalanceMode::Random));
    m_mode->addItem(QStringLiteral("Round-robin"), int(net::BalanceMode::RoundRobin));
    m_mode->addItem(QStringLiteral("Least connections (like IPVS)"),
                    int(net::BalanceMode::LeastConnections));
    form->addRow(QStringLiteral("Forwarding"), m_mode);
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        m_commands.setBalanceMode(net::BalanceMode(m_mode->currentData().toInt()));
    });

    m_affinity = new QCheckBox(QStringLiteral("Session affinity (ClientIP) on every Service"));
    form->addRow(QString(), m_affinity);
    connect(m_affinity, &QCheckBox::clicked, this, [this](bool on) {
        for (const QString &uid : m_state.mirror().serviceUids())
            if (const model::Service *svc = m_state.mirror().service(uid))
                m_commands.setSessionAffinity(QString::fromStdString(svc->metadata.namespace_),
                                              QString::fromStdString(svc->metadata.name), on);
    });
    m_totals = new QLabel;
    m_totals->setWordWrap(true);
    form->addRow(QStringLiteral("Connections"), m_totals);
    m_sinceTotals.start();
    connect(&state, &ClusterState::changed, this, &TrafficPanel::refresh);
}

void TrafficPanel::setUsersRate(double perSecond)
{
    m_rate->setValue(perSecond);
}

double TrafficPanel::usersRate() const
{
    return m_rate->value();
}

void TrafficPanel::refresh()
{
    quint64 total = 0, failed = 0;
    for (const auto &[key, counts] : m_state.counts()) {
        total += counts.total();
        failed += counts.of(net::FlowEvent::Result::Refused)
                + counts.of(net::FlowEvent::Result::Reset);
    }
    const qint64 ms = m_sinceTotals.elapsed();
    if (ms >= 1000) {
        m_perSecond = (total - std::min(total, m_lastTotal)) * 1000.0 / ms;
        m_lastTotal = total;
        m_sinceTotals.restart();
    }
    m_totals->setText(QStringLiteral("%L1 through Services, %2/s\n%L3 refused or reset")
                              .arg(total)
                              .arg(m_perSecond, 0, 'f', 1)
                              .arg(failed));
}

} // namespace clusterlab::app
