clusterlab_add_test(tst_engine LABEL core SOURCES tst_engine.cpp LIBS clusterlab::core)
clusterlab_add_test(tst_service_types LABEL core SOURCES tst_service_types.cpp service_types_lab.h
                    LIBS clusterlab::core)
clusterlab_add_test(tst_proxy_rules_view LABEL core SOURCES tst_proxy_rules_view.cpp
                    service_types_lab.h LIBS clusterlab::core)
