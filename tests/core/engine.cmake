clusterlab_add_test(tst_engine LABEL core SOURCES tst_engine.cpp LIBS clusterlab::core)
