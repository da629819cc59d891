# What the simulated Pods serve: the rules (pure), and PodServers asked by real clients.
clusterlab_add_test(tst_workload_rules LABEL core SOURCES tst_workload_rules.cpp
                    LIBS clusterlab::net)
foreach(test tst_pod_http tst_pod_stores tst_pod_server)
    clusterlab_add_test(${test} LABEL core SOURCES ${test}.cpp pod_lab.h LIBS clusterlab::net)
endforeach()
# The container shell of kubectl exec: parser, builtins, kubelet's environment, curl.
clusterlab_add_test(tst_shell LABEL core SOURCES tst_shell.cpp LIBS clusterlab::shell)
# Container logs (core/logs): the bounded, followable log, PodLogOptions and image formats.
clusterlab_add_test(tst_container_logs LABEL core SOURCES tst_container_logs.cpp
                    LIBS clusterlab::logs)
