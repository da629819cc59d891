clusterlab_add_test(tst_cluster LABEL core SOURCES tst_cluster.cpp LIBS clusterlab::cluster)
