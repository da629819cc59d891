#include "editor/apply_runner.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThreadPool>

namespace clusterlab::app {

void runApply(Engine &engine, std::vector<manifest::DecodedObject> objects, QObject *context,
              std::function<void(const cluster::ApplyResult &)> done)
{
    std::shared_future<cluster::ApplyResult> result =
            engine.apply(std::move(objects), cluster::ApplyMode::Apply, "clusterlab-editor")
                    .share();
    QPointer<QObject> guard(context);
    QThreadPool::globalInstance()->start([result, guard, done = std::move(done)] {
        auto shared = std::make_shared<cluster::ApplyResult>(result.get());
        QMetaObject::invokeMethod(
                qApp,
                [guard, done, shared] {
                    if (guard)
                        done(*shared);
                },
                Qt::QueuedConnection);
    });
}

} // namespace clusterlab::app
