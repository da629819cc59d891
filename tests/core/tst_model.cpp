#include "model/label_selector.h"
#include "model/pod.h"

#include <QtTest>

using namespace clusterlab;

class TestModel : public QObject
{
    Q_OBJECT

private slots:
    void selectorMatches_data();
    void selectorMatches();
    void findPortResolvesNamesPerPod();
};

void TestModel::selectorMatches_data()
{
    QTest::addColumn<QString>("selector");
    QTest::addColumn<bool>("expected");
    QTest::addRow("equality matches") << "app=backend" << true;
    QTest::addRow("a different value does not match") << "app=frontend" << false;
    QTest::addRow("inequality excludes") << "tier!=web" << true;
    QTest::addRow("set membership matches") << "tier in (web,api)" << true;
    QTest::addRow("exists matches a present key") << "app" << true;
    QTest::addRow("does-not-exist fails on a present key") << "!app" << false;
    QTest::addRow("several terms must all match") << "app=backend,tier notin (api)" << false;
}

void TestModel::selectorMatches()
{
    QFETCH(QString, selector);
    QFETCH(bool, expected);
    model::LabelSelector parsed;
    std::string error;
    QVERIFY2(model::parseSelectorString(selector.toStdString(), parsed, error), error.c_str());
    const model::Labels labels{ { "app", "backend" }, { "tier", "api" } };
    QCOMPARE(model::matches(parsed, labels), expected);
}

void TestModel::findPortResolvesNamesPerPod()
{
    model::Pod pod;
    pod.spec.containers.push_back(
            { "web", "nginx", {}, { { "http", 8080, 0, "TCP" } }, {}, {}, {} });
    QCOMPARE(model::findPort(pod, model::IntOrString::fromString("http"), "TCP"), 8080);
    QCOMPARE(model::findPort(pod, model::IntOrString::fromString("http"), "UDP"), 0);
    QCOMPARE(model::findPort(pod, model::IntOrString::fromString("metrics"), "TCP"), 0);
    QCOMPARE(model::findPort(pod, model::IntOrString::fromInt(9090), "TCP"), 9090);
}

QTEST_GUILESS_MAIN(TestModel)
#include "tst_model.moc"
