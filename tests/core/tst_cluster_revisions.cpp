// A Deployment's revisions, as Kubernetes' deployment controller keeps them for `kubectl
// rollout history|undo`: each new ReplicaSet gets the highest revision + 1 and the Deployment
// carries its new ReplicaSet's; a template rolled back to takes its old ReplicaSet back with a
// new revision; the Deployment's annotations (change-cause) go to its new ReplicaSet; scaling
// records desired and max replicas; revisionHistoryLimit removes the lowest revisions.
#include "builders.h"
#include "cluster/deployment_util.h"
#include "cluster_support.h"

#include <QtTest>

using namespace clusterlab;
using namespace clusterlab::testing;

namespace {

using ReplicaSetPtr = std::shared_ptr<const model::ReplicaSet>;

std::string annotation(const model::ObjectMeta &meta, const std::string &key)
{
    const auto it = meta.annotations.find(key);
    return it == meta.annotations.end() ? "<none>" : it->second;
}

std::shared_ptr<const model::Deployment> deploymentOf(const cluster::Cluster &c)
{
    return c.store().getAs<model::Deployment>("default", "web");
}

/// roll changes the stored Deployment as kubectl would (set image, annotate) and settles.
void roll(cluster::Cluster &c, const std::function<void(model::Deployment &)> &change)
{
    model::Deployment next = *deploymentOf(c);
    change(next);
    const auto result = c.update(next);
    QVERIFY2(result.has_value(), "the update was refused");
    c.settle();
}

void setImage(cluster::Cluster &c, const std::string &image)
{
    roll(c, [&](model::Deployment &d) {
        d.spec.template_.spec.containers[0].image = image;
    });
}

/// replicaSetFor is the ReplicaSet whose template runs image.
ReplicaSetPtr replicaSetFor(const cluster::Cluster &c, const std::string &image)
{
    for (const auto &rs : c.store().listOf<model::ReplicaSet>("default"))
        if (rs->spec.template_.spec.containers[0].image == image)
            return rs;
    return nullptr;
}

std::string revision(const ReplicaSetPtr &rs)
{
    return rs ? annotation(rs->metadata, cluster::kRevisionAnnotation) : "<no ReplicaSet>";
}

} // namespace

class TestClusterRevisions : public QObject
{
    Q_OBJECT

private slots:
    void eachTemplateGetsTheNextRevision();
    void rollingBackTakesTheOldReplicaSetBack();
    void annotationsGoToTheNewReplicaSet();
    void replicasAnnotationsFollowScaling_data();
    void replicasAnnotationsFollowScaling();
    void revisionHistoryLimitRemovesTheLowestRevisions();
    void pausedDeploymentStartsNoRevision();
};

void TestClusterRevisions::eachTemplateGetsTheNextRevision()
{
    cluster::Cluster c(instant());
    REQUIRE_OK(c.create(makeDeployment("default", "web")));
    c.settle();
    QCOMPARE(revision(replicaSetFor(c, "nginx:1.25")), std::string("1"));
    QCOMPARE(annotation(deploymentOf(c)->metadata, cluster::kRevisionAnnotation), "1");
    setImage(c, "nginx:1.26");
    setImage(c, "nginx:1.27");
    QCOMPARE(revision(replicaSetFor(c, "nginx:1.25")), std::string("1"));
    QCOMPARE(revision(replicaSetFor(c, "nginx:1.26")), std::string("2"));
    QCOMPARE(revision(replicaSetFor(c, "nginx:1.27")), std::string("3"));
    QCOMPARE(annotation(deploymentOf(c)->metadata, cluster::kRevisionAnnotation), "3");
    for (const auto &pod : livePods(c, "web"))
        QCOMPARE(pod->spec.containers[0].image, std::string("nginx:1.27"));
}

void TestClusterRevisions::rollingBackTakesTheOldReplicaSetBack()
{
    cluster::Cluster c(instant());
    REQUIRE_OK(c.create(makeDeployment("default", "web")));
    c.settle();
    const auto first = replicaSetFor(c, "nginx:1.25");
    setImage(c, "nginx:1.26");
    setImage(c, "nginx:1.25"); // what `kubectl rollout undo` does to the template
    QCOMPARE(c.store().listOf<model::ReplicaSet>("default").size(), std::size_t(2));
    const auto back = replicaSetFor(c, "nginx:1.25");
    QCOMPARE(back->metadata.uid, first->metadata.uid);
    QCOMPARE(revision(back), std::string("3"));
    QCOMPARE(annotation(back->metadata, cluster::kRevisionHistoryAnnotation), "1");
    QCOMPARE(back->spec.replicas, 3);
    QCOMPARE(replicaSetFor(c, "nginx:1.26")->spec.replicas, 0);
    QCOMPARE(annotation(deploymentOf(c)->metadata, cluster::kRevisionAnnotation), "3");
    const auto pods = livePods(c, "web");
    QCOMPARE(pods.size(), std::size_t(3));
    for (const auto &pod : pods)
        QCOMPARE(pod->metadata.ownerReferences[0].uid, first->metadata.uid);
    // Again to 1.26 and back: the history keeps every revision the ReplicaSet had.
    setImage(c, "nginx:1.26");
    setImage(c, "nginx:1.25");
    QCOMPARE(revision(replicaSetFor(c, "nginx:1.26")), std::string("4"));
    QCOMPARE(revision(replicaSetFor(c, "nginx:1.25")), std::string("5"));
    QCOMPARE(annotation(replicaSetFor(c, "nginx:1.25")->metadata,
                        cluster::kRevisionHistoryAnnotation),
             "1,3");
    QCOMPARE(annotation(replicaSetFor(c, "nginx:1.26")->metadata,
                        cluster::kRevisionHistoryAnnotation),
             "2");
}

void TestClusterRevisions::annotationsGoToTheNewReplicaSet()
{
    cluster::Cluster c(instant());
    REQUIRE_OK(c.create(makeDeployment("default", "web", [](model::Deployment &d) {
        d.metadata.annotations["kubernetes.io/change-cause"] = "first release";
        d.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"] = "{}";
    })));
    c.settle();
    const auto first = replicaSetFor(c, "nginx:1.25");
    QCOMPARE(annotation(first->metadata, "kubernetes.io/change-cause"), "first release");
    QCOMPARE(annotation(first->metadata, "kubectl.kubernetes.io/last-applied-configuration"),
             "<none>");
    roll(c, [](model::Deployment &d) {
        d.spec.template_.spec.containers[0].image = "nginx:1.26";
        d.metadata.annotations["kubernetes.io/change-cause"] = "kubectl set image 1.26";
        // The Deployment's own revision is the controller's: never copied over.
        d.metadata.annotations[cluster::kRevisionAnnotation] = "99";
    });
    const auto second = replicaSetFor(c, "nginx:1.26");
    QCOMPARE(annotation(second->metadata, "kubernetes.io/change-cause"), "kubectl set image 1.26");
    QCOMPARE(revision(second), std::string("2"));
    QCOMPARE(annotation(deploymentOf(c)->metadata, cluster::kRevisionAnnotation), "2");
    // The old ReplicaSet keeps the cause it was rolled out with.
    QCOMPARE(annotation(replicaSetFor(c, "nginx:1.25")->metadata, "kubernetes.io/change-cause"),
             "first release");
    // `kubectl annotate` after the rollout reaches the current ReplicaSet too.
    roll(c, [](model::Deployment &d) {
        d.metadata.annotations["kubernetes.io/change-cause"] = "image 1.26 for the demo";
    });
    QCOMPARE(annotation(replicaSetFor(c, "nginx:1.26")->metadata, "kubernetes.io/change-cause"),
             "image 1.26 for the demo");
}

void TestClusterRevisions::replicasAnnotationsFollowScaling_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<int>("surge");
    QTest::addRow("RollingUpdate: max is replicas + maxSurge (25%% of 4 rounds up to 1)")
            << "RollingUpdate" << 1;
    QTest::addRow("Recreate: no surge") << "Recreate" << 0;
}

void TestClusterRevisions::replicasAnnotationsFollowScaling()
{
    QFETCH(QString, strategy);
    QFETCH(int, surge);
    cluster::Cluster c(instant());
    REQUIRE_OK(c.create(makeDeployment("default", "web", [&](model::Deployment &d) {
        d.spec.replicas = 4;
        d.spec.strategy.type = strategy.toStdString();
    })));
    c.settle();
    auto rs = replicaSetFor(c, "nginx:1.25");
    QCOMPARE(annotation(rs->metadata, cluster::kDesiredReplicasAnnotation), "4");
    QCOMPARE(annotation(rs->metadata, cluster::kMaxReplicasAnnotation), std::to_string(4 + surge));
    REQUIRE_OK(c.scale("Deployment", "default", "web", 8));
    c.settle();
    rs = replicaSetFor(c, "nginx:1.25");
    QCOMPARE(rs->spec.replicas, 8);
    QCOMPARE(annotation(rs->metadata, cluster::kDesiredReplicasAnnotation), "8");
    QCOMPARE(annotation(rs->metadata, cluster::kMaxReplicasAnnotation),
             std::to_string(8 + 2 * surge));
}

void TestClusterRevisions::revisionHistoryLimitRemovesTheLowestRevisions()
{
    cluster::Cluster c(instant());
    REQUIRE_OK(c.create(makeDeployment("default", "web", [](model::Deployment &d) {
        d.spec.revisionHistoryLimit = 2;
    })));
    c.settle();
    for (const char *image : { "nginx:1.26", "nginx:1.27", "nginx:1.28", "nginx:1.29" })
        setImage(c, image);
    std::vector<std::string> kept;
    for (const auto &rs : c.store().listOf<model::ReplicaSet>("default"))
        kept.push_back(rs->spec.template_.spec.containers[0].image + "=" + revision(rs));
    std::sort(kept.begin(), kept.end());
    // The new ReplicaSet and the two highest old revisions; 1 and 2 are gone.
    QCOMPARE(kept, (std::vector<std::string>{ "nginx:1.27=3", "nginx:1.28=4", "nginx:1.29=5" }));
    QCOMPARE(livePods(c, "web").size(), std::size_t(3));

    // A limit of 0 keeps no old ReplicaSet at all once it is scaled down.
    roll(c, [](model::Deployment &d) {
        d.spec.revisionHistoryLimit = 0;
    });
    setImage(c, "nginx:1.30");
    const auto left = c.store().listOf<model::ReplicaSet>("default");
    QCOMPARE(left.size(), std::size_t(1));
    QCOMPARE(revision(left[0]), std::string("6"));
}

void TestClusterRevisions::pausedDeploymentStartsNoRevision()
{
    cluster::Cluster c(instant());
    REQUIRE_OK(c.create(makeDeployment("default", "web")));
    c.settle();
    roll(c, [](model::Deployment &d) {
        d.spec.paused = true;
    });
    setImage(c, "nginx:1.26");
    QCOMPARE(c.store().listOf<model::ReplicaSet>("default").size(), std::size_t(1));
    QCOMPARE(annotation(deploymentOf(c)->metadata, cluster::kRevisionAnnotation), "1");
    for (const auto &pod : livePods(c, "web"))
        QCOMPARE(pod->spec.containers[0].image, std::string("nginx:1.25"));
    roll(c, [](model::Deployment &d) {
        d.spec.paused = false;
    });
    QCOMPARE(revision(replicaSetFor(c, "nginx:1.26")), std::string("2"));
    QCOMPARE(annotation(deploymentOf(c)->metadata, cluster::kRevisionAnnotation), "2");
    for (const auto &pod : livePods(c, "web"))
        QCOMPARE(pod->spec.containers[0].image, std::string("nginx:1.26"));
}

QTEST_GUILESS_MAIN(TestClusterRevisions)
#include "tst_cluster_revisions.moc"
