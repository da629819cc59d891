#include "container_outputs.h"

#include "logs/image_logs.h"
#include "model/images.h"
#include "net/bootcamp_app.h"

namespace clusterlab {

net::ContainerOutputs openContainerLogs(logs::PodLogs &podLogs, const model::Pod &pod,
                                        const std::vector<net::Listener> &listeners)
{
    net::ContainerOutputs outputs;
    const auto now = logs::Clock::now();
    for (const auto &c : pod.spec.containers) {
        bool created = false;
        net::ContainerOutput output{ podLogs.open(pod.metadata.uid, c.name, &created),
                                     logs::logStyleFor(c.image), model::bootcampVersion(c.image),
                                     now };
        if (created && output.bootcampVersion) {
            output.log->append(net::bootcampStartLines(pod.metadata.name, now), now);
        } else if (created) {
            std::vector<int> ports;
            for (const auto &listener : listeners)
                if (listener.container == c.name)
                    ports.push_back(listener.port);
            for (const auto &line : logs::startupLines(output.style, c.image, ports, now))
                output.log->append(line, now);
        }
        outputs.emplace(c.name, std::move(output));
    }
    return outputs;
}

} // namespace clusterlab
