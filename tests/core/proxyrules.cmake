# The kube-proxy rule generators, checked against kube-proxy's own expected dumps.
clusterlab_add_test(tst_proxy_rules LABEL core SOURCES tst_proxy_rules.cpp
                    LIBS clusterlab::proxyrules)
