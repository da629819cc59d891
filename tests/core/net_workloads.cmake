clusterlab_add_test(tst_workloads LABEL core SOURCES tst_workloads.cpp LIBS clusterlab::net)
