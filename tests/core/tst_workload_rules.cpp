// What a Pod's containers serve and call, as pure functions: the workload an image and port
// stand for, and the downstream calls read from the calls annotation or the environment.
#include "model/pod.h"
#include "net/call.h"
#include "net/workload.h"

#include <QtTest>

using namespace clusterlab;

class TestWorkloadRules : public QObject
{
    Q_OBJECT

private slots:
    void workloadFor_data();
    void workloadFor();
    void callsOf_data();
    void callsOf();
};

void TestWorkloadRules::workloadFor_data()
{
    QTest::addColumn<QString>("image");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("expected");
    QTest::addRow("nginx is HTTP") << "nginx:1.25" << 80 << "http";
    QTest::addRow("an image with registry and digest is read by its name")
            << "docker.io/library/redis:7@sha256:0123" << 6379 << "redis";
    QTest::addRow("mariadb is MySQL on any port") << "mariadb:11" << 3307 << "mysql";
    QTest::addRow("bitnami mysql is MySQL") << "bitnami/mysql:8.0" << 3306 << "mysql";
    QTest::addRow("node on 3000 is HTTP") << "node:20-alpine" << 3000 << "http";
    QTest::addRow("the image wins over the port") << "redis:7" << 8080 << "redis";
    QTest::addRow("an unknown image on 8080 is HTTP") << "example/shop:1" << 8080 << "http";
    QTest::addRow("an unknown image on 443 is still plain HTTP") << "example/tls" << 443 << "http";
    QTest::addRow("an unknown image on 6379 is Redis") << "example/cache" << 6379 << "redis";
    QTest::addRow("an unknown image on 3306 is MySQL") << "example/db" << 3306 << "mysql";
    QTest::addRow("anything else is sniffed") << "busybox:1.36" << 9000 << "sniff";
}

void TestWorkloadRules::workloadFor()
{
    QFETCH(QString, image);
    QFETCH(int, port);
    QFETCH(QString, expected);
    QCOMPARE(QString(net::workloadName(net::workloadFor(image.toStdString(), port))), expected);
}

void TestWorkloadRules::callsOf_data()
{
    QTest::addColumn<QString>("annotation");
    QTest::addColumn<QStringList>("env");
    QTest::addColumn<QStringList>("services");
    QTest::addColumn<QStringList>("expected");
    const QStringList none;
    const QStringList shop{ "backend", "redis", "mysql", "backend-api", "sessions", "db" };
    QTest::addRow("the annotation lists URLs")
            << "http://backend:80/, redis://redis:6379, mysql://mysql:3306" << none << none
            << QStringList{ "http://backend:80/", "redis://redis:6379", "mysql://mysql:3306" };
    QTest::addRow("annotation entries get the scheme's default port")
            << "redis://cache,mysql://db , http://web/x" << none << none
            << QStringList{ "redis://cache:6379", "mysql://db:3306", "http://web:80/x" };
    QTest::addRow("the annotation wins over env")
            << "http://api:8080/v1" << QStringList{ "BACKEND=backend" } << shop
            << QStringList{ "http://api:8080/v1" };
    QTest::addRow("a bare Service name is HTTP on port 80")
            << "" << QStringList{ "BACKEND=backend" } << shop
            << QStringList{ "http://backend:80/" };
    QTest::addRow("host:port takes the port") << "" << QStringList{ "API=backend:8080" } << shop
                                              << QStringList{ "http://backend:8080/" };
    QTest::addRow("a URL keeps its path") << "" << QStringList{ "API_URL=http://backend/api" }
                                          << shop << QStringList{ "http://backend:80/api" };
    QTest::addRow("REDIS_HOST names the redis Service")
            << "" << QStringList{ "REDIS_HOST=redis" } << shop
            << QStringList{ "redis://redis:6379" };
    QTest::addRow("the variable name hints the scheme")
            << "" << QStringList{ "CACHE_REDIS_HOST=sessions" } << shop
            << QStringList{ "redis://sessions:6379" };
    QTest::addRow("SERVICE_HOST names the Service and SERVICE_PORT its port")
            << ""
            << QStringList{ "BACKEND_API_SERVICE_HOST=127.96.0.20",
                            "BACKEND_API_SERVICE_PORT=8080" }
            << shop << QStringList{ "http://backend-api:8080/" };
    QTest::addRow("an ADDR on 6379 is redis") << "" << QStringList{ "SESSION_ADDR=sessions:6379" }
                                              << shop << QStringList{ "redis://sessions:6379" };
    QTest::addRow("an ADDR on 3306 is mysql")
            << "" << QStringList{ "DB_ADDR=db:3306" } << shop << QStringList{ "mysql://db:3306" };
    QTest::addRow("a connection string loses its credentials")
            << "" << QStringList{ "DATABASE_URL=mysql://app:secret@mysql:3306/app" } << shop
            << QStringList{ "mysql://mysql:3306" };
    QTest::addRow("a DNS name in the Pod's namespace counts")
            << "" << QStringList{ "API=backend.shop.svc.cluster.local:80" } << shop
            << QStringList{ "http://backend:80/" };
    QTest::addRow("a Service of another namespace is not inferred")
            << "" << QStringList{ "API=backend.other.svc:80" } << shop << QStringList{};
    QTest::addRow("values that name no Service are ignored")
            << "" << QStringList{ "MODE=production", "PORT=8080", "HOST=example.com" } << shop
            << QStringList{};
    QTest::addRow("duplicates are dropped")
            << "" << QStringList{ "A=backend", "B=backend:80", "C=http://backend/" } << shop
            << QStringList{ "http://backend:80/" };
    QTest::addRow("a comma-separated list gives several calls")
            << "" << QStringList{ "UPSTREAMS=backend:8080,redis" } << shop
            << QStringList{ "http://backend:8080/", "redis://redis:6379" };
}

void TestWorkloadRules::callsOf()
{
    QFETCH(QString, annotation);
    QFETCH(QStringList, env);
    QFETCH(QStringList, services);
    QFETCH(QStringList, expected);
    model::Pod pod;
    pod.metadata.name = "web-1";
    pod.metadata.namespace_ = "shop";
    if (!annotation.isEmpty())
        pod.metadata.annotations[net::kCallsAnnotation] = annotation.toStdString();
    model::Container container;
    container.name = "web";
    for (const auto &entry : env) {
        const auto eq = entry.indexOf('=');
        container.env.push_back({ entry.left(eq).toStdString(), entry.mid(eq + 1).toStdString() });
    }
    pod.spec.containers.push_back(container);
    std::vector<std::string> names;
    for (const auto &s : services)
        names.push_back(s.toStdString());
    const model::Pod before = pod;

    QStringList urls;
    for (const auto &call : net::callsOf(pod, names))
        urls << QString::fromStdString(net::callUrl(call));
    QCOMPARE(urls, expected);
    QVERIFY(pod == before);
}

QTEST_GUILESS_MAIN(TestWorkloadRules)
#include "tst_workload_rules.moc"
