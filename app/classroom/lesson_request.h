#pragma once

#include <QString>

#include <chrono>
#include <string>
#include <vector>

namespace clusterlab {
class Engine;
}

namespace clusterlab::app {

class ClusterState;

/// LessonTarget is one address a lesson's send: reaches a Service at from this computer: a
/// node's IP or 127.0.0.1 on the node port, or the load balancer's address on the Service port.
struct LessonTarget
{
    QString label; ///< what the class reads: "node-2 127.244.2.1:31234"
    std::string ip;
    int port = 0; ///< where it really listens (a privileged port may have moved up)
};

/// LessonReply is one request a lesson sent and what came back: the Pod that answered, its
/// node and the client address the Pod saw; or, refused, what went wrong.
struct LessonReply
{
    QString service;
    QString target; ///< LessonTarget::label
    bool answered = false;
    QString pod, node, client;
    QString error; ///< refused: "Connection refused", "timed out"…
};

/// lessonTargets finds where `via` reaches Service ns/name now (LessonAction::via), in the
/// order a burst cycles through them. Empty, with why set, while that is not possible yet (no
/// such Service, no node port, the load balancer's address pending, no Pod ready).
/// Thread: GUI thread (it reads the ClusterState).
std::vector<LessonTarget> lessonTargets(const ClusterState &state, const QString &ns,
                                        const QString &name, const std::string &via, QString *why);

/// requestOnce sends one HTTP GET /?format=json to target through the engine (from
/// 127.0.0.1, as curl on this computer would) and reads the Pod's JSON answer. It blocks for
/// at most about timeout. Thread: never the GUI thread (a sender's own).
LessonReply requestOnce(Engine &engine, const LessonTarget &target,
                        std::chrono::milliseconds timeout);

/// expandPlaceholders fills the ${SERVICE.clusterIP}, ${SERVICE.clusterIPName} (its
/// in-addr.arpa name, for a reverse lookup), ${SERVICE.nodePort},
/// ${SERVICE.loadBalancerIP} and ${NODE.ip} of a terminal command line from the state; what
/// cannot be filled yet is named in missing. Thread: GUI thread.
QString expandPlaceholders(const QString &command, const ClusterState &state, QStringList *missing);

} // namespace clusterlab::app
