// tst_terminal_rules: the Terminal panel's pure rules, no engine running. How it reads a line
// (words and quotes as a shell splits them; pipes and redirections refused); what it lets curl,
// dig and redis-cli reach (a Service name becomes its ClusterIP, a port that fell back to
// port+10000 is followed, only ClusterLab's own addresses and ports); and how the built-in
// kubectl prints -o json and -o jsonpath as Go's encoder and client-go's JSONPath do (the
// comparison with the real kubectl is tst_terminal's); and what its `apply` sends, kubectl's
// client-side apply patch.
#include "terminal/address_book.h"
#include "terminal/client_side_apply.h"
#include "terminal/command_line.h"
#include "terminal/command_policy.h"
#include "terminal/json_text.h"
#include "terminal/kubectl_jsonpath.h"

#include <QTest>

#include <boost/json.hpp>

using namespace clusterlab::app;

class TestTerminalRules : public QObject
{
    Q_OBJECT

private slots:
    void splitsLikeAShell_data();
    void splitsLikeAShell();
    void policyRewritesServiceNames_data();
    void policyRewritesServiceNames();
    void policyKeepsToClusterLabsPorts_data();
    void policyKeepsToClusterLabsPorts();
    void jsonIsGoEncodersJson_data();
    void jsonIsGoEncodersJson();
    void jsonPathRunsTemplates_data();
    void jsonPathRunsTemplates();
    void applyPatchIsKubectlsClientSideApply();
};

void TestTerminalRules::splitsLikeAShell_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QStringList>("argv");
    QTest::addColumn<bool>("refused");
    QTest::addRow("blanks separate words")
            << "kubectl  get\tsvc" << QStringList{ "kubectl", "get", "svc" } << false;
    QTest::addRow("single quotes keep everything")
            << "curl -H 'X-A: \"b\" $c' http://backend/"
            << QStringList{ "curl", "-H", "X-A: \"b\" $c", "http://backend/" } << false;
    QTest::addRow("double quotes keep blanks and take escapes")
            << R"(kubectl label pod p "note=a b\"c")"
            << QStringList{ "kubectl", "label", "pod", "p", "note=a b\"c" } << false;
    QTest::addRow("a backslash escapes a blank")
            << R"(dig a\ b)" << QStringList{ "dig", "a b" } << false;
    QTest::addRow("a quoted pipe is a character")
            << "kubectl get pods -l 'app in (a|b)'"
            << QStringList{ "kubectl", "get", "pods", "-l", "app in (a|b)" } << false;
    QTest::addRow("a pipe is refused") << "kubectl get pods | grep web" << QStringList{} << true;
    QTest::addRow("a redirection is refused")
            << "curl http://backend/ > out" << QStringList{} << true;
    QTest::addRow("an unterminated quote is refused") << "dig 'backend" << QStringList{} << true;
}

void TestTerminalRules::splitsLikeAShell()
{
    QFETCH(QString, line);
    QFETCH(QStringList, argv);
    QFETCH(bool, refused);
    const CommandLine split = splitCommandLine(line);
    QCOMPARE(!split.error.isEmpty(), refused);
    if (!refused)
        QCOMPARE(split.argv, argv);
}

void TestTerminalRules::policyRewritesServiceNames_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("arguments");
    QTest::addRow("curl reaches a Service name through its ClusterIP")
            << "curl -s http://backend/"
            << "-q -g --noproxy * --connect-to backend:80:127.96.0.20:80 -s http://backend/";
    QTest::addRow("curl follows a port that fell back to port+10000")
            << "curl http://127.96.0.20:8080/x"
            << "-q -g --noproxy * --connect-to 127.96.0.20:8080:127.96.0.20:18080 "
               "http://127.96.0.20:8080/x";
    QTest::addRow("curl reaches a Pod IP as it is") << "curl 127.244.1.5:9090"
                                                    << "-q -g --noproxy * http://127.244.1.5:9090";
    QTest::addRow("curl follows a Pod port that fell back to port+10000")
            << "curl 127.244.1.5"
            << "-q -g --noproxy * --connect-to 127.244.1.5:80:127.244.1.5:10080 "
               "http://127.244.1.5";
    QTest::addRow("curl reaches the API port on 127.0.0.1")
            << "curl http://127.0.0.1:6443/version"
            << "-q -g --noproxy * http://127.0.0.1:6443/version";
    QTest::addRow("dig asks kube-dns, on its fallback port")
            << "dig +short backend.default.svc.cluster.local"
            << "-r @127.96.0.10 -p 10053 +short backend.default.svc.cluster.local";
    QTest::addRow("curl pins localhost to 127.0.0.1 (never ::1)")
            << "curl http://localhost:6443/version"
            << "-q -g --noproxy * --connect-to localhost:6443:127.0.0.1:6443 "
               "http://localhost:6443/version";
    QTest::addRow("redis-cli reaches a Service by name") << "redis-cli -h redis ping"
                                                         << "-h 127.96.0.30 -p 6379 ping";
}

namespace {
AddressBook sampleBook()
{
    AddressBook book;
    book.dnsPort = 10053;
    book.apiPort = 6443;
    book.services.insert("default/backend",
                         { "default", "backend", "127.96.0.20", { { 80, 80 }, { 8080, 18080 } } });
    book.services.insert("default/redis",
                         { "default", "redis", "127.96.0.30", { { 6379, 6379 } } });
    book.podPorts.insert("127.244.1.5", { { 80, 10080 }, { 9090, 9090 } });
    book.podPorts.insert("127.244.1.6", {}); // a Pod that does not serve yet
    return book;
}
} // namespace

void TestTerminalRules::policyRewritesServiceNames()
{
    QFETCH(QString, line);
    QFETCH(QString, arguments);
    const CommandPlan plan =
            planCommand(splitCommandLine(line).argv, KubectlMode::Real, sampleBook());
    QCOMPARE(plan.message, QString());
    QCOMPARE(plan.action, CommandPlan::Action::Run);
    QCOMPARE(plan.arguments.join(QLatin1Char(' ')), arguments);
}

void TestTerminalRules::policyKeepsToClusterLabsPorts_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("message");
    // Anything listening on all of this computer's addresses (sshd on 0.0.0.0:22) answers on
    // every 127.x address too, ClusterIPs and Pod IPs included: only their own ports are ours.
    QTest::addRow("curl to a Service name on a port it does not have")
            << "curl http://backend:22/"
            << "curl here only reaches ClusterLab's own ports: Service backend has no port 22; "
               "its ports: 80, 8080";
    QTest::addRow("curl to a ClusterIP on a port it does not have")
            << "curl 127.96.0.30:22"
            << "curl here only reaches ClusterLab's own ports: Service 127.96.0.30 has no port "
               "22; its ports: 6379";
    QTest::addRow("curl to a Pod IP on a port it does not open")
            << "curl http://127.244.1.5:22/"
            << "curl here only reaches ClusterLab's own ports: Pod 127.244.1.5 has no port 22; "
               "its ports: 80, 9090";
    QTest::addRow("curl to a Pod that serves nothing yet")
            << "curl http://127.244.1.6/"
            << "curl here only reaches ClusterLab's own ports: Pod 127.244.1.6 has no port 80 "
               "(it serves no port now)";
    QTest::addRow("curl to kube-dns over http")
            << "curl http://127.96.0.10/"
            << "curl here only reaches ClusterLab's own addresses: 127.96.0.10:80 is not one of "
               "them";
    QTest::addRow("curl to another port on 127.0.0.1")
            << "curl http://localhost:22/"
            << "curl here only reaches ClusterLab's own addresses: 127.0.0.1 is not one of them";
    QTest::addRow("curl to port 0") << "curl http://backend:0/"
                                    << "curl here needs a port from 1 to 65535: http://backend:0/";
    QTest::addRow("curl reading headers from a file")
            << "curl -H @/etc/passwd http://backend/"
            << "curl option -H @file is not allowed here (no files, proxies or redirects)";
    QTest::addRow("kubectl port-forward, which would listen here")
            << "kubectl port-forward svc/frontend 8080:80"
            << "kubectl port-forward keeps running and listens on this computer, so it does not "
               "run in this panel: run it in a terminal of your own with the KUBECONFIG=... the "
               "status bar shows (kubectl port-forward svc/frontend 8080:80, then open "
               "http://127.0.0.1:8080/)";
    QTest::addRow("redis-cli to a Pod IP on a port it does not open")
            << "redis-cli -h 127.244.1.5 -p 22 ping"
            << "redis-cli here only reaches ClusterLab's own ports: Pod 127.244.1.5 has no port "
               "22; its ports: 80, 9090";
}

void TestTerminalRules::policyKeepsToClusterLabsPorts()
{
    QFETCH(QString, line);
    QFETCH(QString, message);
    const CommandPlan plan =
            planCommand(splitCommandLine(line).argv, KubectlMode::Real, sampleBook());
    QCOMPARE(plan.message, message);
    QVERIFY(plan.action != CommandPlan::Action::Run);
}

void TestTerminalRules::jsonIsGoEncodersJson_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<int>("indent");
    QTest::addColumn<QString>("printed");
    QTest::addRow("keys sorted, HTML characters escaped")
            << R"({"b":1,"a":"<x> & y","c":"line\nnext"})" << 0
            << R"({"a":"\u003cx\u003e \u0026 y","b":1,"c":"line\nnext"})";
    QTest::addRow("four-space indent, empty containers closed at once")
            << R"({"z":[1,{"k":true}],"a":[],"m":{}})" << 4
            << "{\n    \"a\": [],\n    \"m\": {},\n    \"z\": [\n        1,\n        {\n"
               "            \"k\": true\n        }\n    ]\n}\n";
    QTest::addRow("floats in encoding/json's form")
            << R"([0.5,1e21,1e-7,100.0,-2.25])" << 0 << R"([0.5,1e+21,1e-7,100,-2.25])";
}

void TestTerminalRules::jsonIsGoEncodersJson()
{
    QFETCH(QString, json);
    QFETCH(int, indent);
    QFETCH(QString, printed);
    QCOMPARE(QString::fromStdString(goJson(boost::json::parse(json.toStdString()), indent)),
             printed);
}

void TestTerminalRules::jsonPathRunsTemplates_data()
{
    QTest::addColumn<QString>("tmpl");
    QTest::addColumn<QString>("printed");
    QTest::addColumn<QString>("error");
    QTest::addRow("a field") << "{.spec.type}"
                             << "ClusterIP"
                             << "";
    QTest::addRow("$ and @ are the object") << "{$.kind}/{@.metadata.name}"
                                            << "Service/backend"
                                            << "";
    QTest::addRow("a bracketed key with a dot") << "{.metadata.labels['app.kubernetes.io/name']}"
                                                << "web"
                                                << "";
    QTest::addRow("an escaped dot") << R"({.metadata.labels.app\.kubernetes\.io/name})"
                                    << "web"
                                    << "";
    QTest::addRow("every port, spaces between") << "{.spec.ports[*].port}"
                                                << "80 8080"
                                                << "";
    QTest::addRow("a map is compact JSON") << "{.spec.ports[0]}"
                                           << R"({"name":"http","port":80})"
                                           << "";
    QTest::addRow("numbers and booleans as Go prints them")
            << "{.spec.weight} {.spec.big} {.spec.on}"
            << "0.25 1e+06 true"
            << "";
    QTest::addRow("a missing key prints nothing") << "[{.spec.nothing}]"
                                                  << "[]"
                                                  << "";
    QTest::addRow("an empty action prints nothing") << "a{}b"
                                                    << "ab"
                                                    << "";
    QTest::addRow("a huge step takes the first element")
            << "{.spec.ports[0:2:9223372036854775807].name}"
            << "http"
            << "";
    QTest::addRow("range and quoted text")
            << R"({range .spec.ports[*]}{.name}={.port}{"\n"}{end}done)"
            << "http=80\nadmin=8080\ndone"
            << "";
    QTest::addRow("an index out of bounds")
            << "{.spec.ports[2]}"
            << ""
            << "error executing jsonpath \"{.spec.ports[2]}\": Error executing template: array "
               "index out of bounds: index 2, length 2. Printing more information for debugging "
               "the template:\n\ttemplate was:\n\t\t{.spec.ports[2]}";
    QTest::addRow("an index into a map") << "{.metadata[0]}"
                                         << ""
                                         << "error executing jsonpath \"{.metadata[0]}\": Error "
                                            "executing template: map[string]interface {} is not "
                                            "array or slice. Printing more information for "
                                            "debugging the template:\n\ttemplate was:\n\t\t"
                                            "{.metadata[0]}";
    QTest::addRow("an unclosed bracket") << "{.spec.ports[}"
                                         << ""
                                         << "error parsing jsonpath {.spec.ports[}, unclosed "
                                            "array expect ]";
    QTest::addRow("a line break inside quotes")
            << "{\"\n\"}"
            << ""
            << "error parsing jsonpath {\"\n\"}, unterminated quoted string";
    QTest::addRow("a filter is beyond the subset")
            << R"({.spec.ports[?(@.port==80)].name})"
            << ""
            << R"(error parsing jsonpath {.spec.ports[?(@.port==80)].name}, filters ([?(...)]) )"
               "are not in the built-in kubectl's JSONPath subset";
}

void TestTerminalRules::jsonPathRunsTemplates()
{
    QFETCH(QString, tmpl);
    QFETCH(QString, printed);
    QFETCH(QString, error);
    const auto service = boost::json::parse(R"({"kind":"Service","metadata":{"name":"backend",
        "labels":{"app.kubernetes.io/name":"web"}},"spec":{"type":"ClusterIP","weight":0.25,
        "big":1000000.0,"on":true,"ports":[{"name":"http","port":80},
        {"name":"admin","port":8080}]}})");
    const JsonPathResult result = runJsonPath(tmpl.toStdString(), service);
    QCOMPARE(QString::fromStdString(result.error), error);
    QCOMPARE(QString::fromStdString(result.text), printed);
}

void TestTerminalRules::applyPatchIsKubectlsClientSideApply()
{
    namespace json = boost::json;
    const json::object first = json::parse(R"({"apiVersion":"v1","kind":"Service",
        "metadata":{"name":"a","namespace":"default","labels":{"app":"a","tier":"web"}},
        "spec":{"selector":{"app":"a"},"ports":[{"port":80}]}})")
                                       .as_object();
    // The annotation holds the file's object as Go's encoder writes it, with the empty
    // annotations map kubectl leaves in it, and a newline.
    const json::object created = withLastApplied(first);
    const json::value &applied =
            created.at("metadata").at("annotations").at(kLastAppliedAnnotation);
    QCOMPARE(std::string(applied.as_string()),
             std::string(R"({"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},)"
                         R"("labels":{"app":"a","tier":"web"},"name":"a","namespace":"default"},)"
                         R"("spec":{"ports":[{"port":80}],"selector":{"app":"a"}}})"
                         "\n"));
    // The live object has what the server and others added; the file drops a label and the
    // selector, and changes the ports.
    json::object live = created;
    live["metadata"].as_object()["labels"].as_object()["added-by"] = "someone";
    live["spec"].as_object()["clusterIP"] = "127.96.0.20";
    json::object second = first;
    second["metadata"].as_object()["labels"].as_object().erase("tier");
    second["spec"].as_object().erase("selector");
    second["spec"].as_object()["ports"] = json::array{ json::object{ { "port", 8080 } } };
    const json::object patch = applyPatch(second, live);
    QVERIFY(patch.at("metadata").at("labels").at("tier").is_null());
    QCOMPARE(patch.at("metadata").at("labels").at("app"), json::value("a"));
    QVERIFY(!patch.at("metadata").at("labels").as_object().contains("added-by"));
    QVERIFY(patch.at("spec").at("selector").is_null());
    QVERIFY(!patch.at("spec").as_object().contains("clusterIP"));
    QCOMPARE(patch.at("spec").at("ports"), second.at("spec").at("ports"));
    QCOMPARE(patch.at("metadata").at("annotations"),
             withLastApplied(second).at("metadata").at("annotations"));
    // Without an annotation (an object kubectl apply did not make) nothing is removed.
    QVERIFY(!applyPatch(second, first).at("spec").as_object().contains("selector"));
    // What the server keeps changing itself does not make a write "configured".
    json::object after = live;
    after["status"] = json::object{ { "loadBalancer", json::object() } };
    after["metadata"].as_object()["resourceVersion"] = "99";
    QVERIFY(sameConfiguration(live, after));
    after["spec"].as_object()["type"] = "NodePort";
    QVERIFY(!sameConfiguration(live, after));
}

QTEST_APPLESS_MAIN(TestTerminalRules)
#include "tst_terminal_rules.moc"
