clusterlab_add_test(tst_dataplane LABEL core SOURCES tst_dataplane.cpp dataplane_support.h LIBS clusterlab::net)
