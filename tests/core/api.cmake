clusterlab_add_test(tst_api LABEL core SOURCES tst_api.cpp LIBS clusterlab::core)
