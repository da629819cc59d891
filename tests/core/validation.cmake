clusterlab_add_test(tst_validation LABEL core SOURCES tst_validation.cpp LIBS clusterlab::manifest)
