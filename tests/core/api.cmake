clusterlab_add_test(tst_api LABEL core SOURCES tst_api.cpp LIBS clusterlab::core)
clusterlab_add_test(tst_protobuf LABEL core SOURCES tst_protobuf.cpp LIBS clusterlab::core)
