#include "api/engine_view.h"

namespace clusterlab::api {

EngineView::EngineView(Runner runner, std::string token, std::shared_ptr<ApiState> state)
    : m_runner(std::move(runner)),
      m_token(std::move(token)),
      m_state(state ? state : std::make_shared<ApiState>()),
      m_ownsState(!state)
{
}

EngineView::~EngineView() = default;

void EngineView::attach(cluster::Cluster &cluster)
{
    if (m_state->attachedTo)
        return;
    cluster::Store &store = cluster.store();
    m_state->attachedTo = &store;
    m_state->hub.start(store.resourceVersion());
    std::weak_ptr<ApiState> weak = m_state;
    m_state->watchId = store.watch([weak, &store](const cluster::WatchEvent &event) {
        const auto state = weak.lock();
        if (!state)
            return;
        state->hub.record(event, store.resourceVersion());
        if (event.type == cluster::WatchEvent::Type::Deleted)
            state->managers.forget(model::meta(*event.previous).uid);
    });
}

void EngineView::detach()
{
    if (!m_ownsState)
        return;
    try {
        m_runner([this](cluster::Cluster &) {
            if (m_state->attachedTo)
                m_state->attachedTo->unwatch(m_state->watchId);
            m_state->attachedTo = nullptr;
        });
    } catch (...) {
        // The engine has stopped: the weak pointer in the handler keeps this safe.
    }
}

} // namespace clusterlab::api
