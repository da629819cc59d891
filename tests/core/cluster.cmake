# The simulated cluster, one executable per concept.
foreach(test tst_cluster_deployments tst_cluster_revisions tst_cluster_controllers
             tst_cluster_services tst_cluster_applier tst_cluster_gc tst_cluster_errors
             tst_cluster_load_balancers)
    clusterlab_add_test(${test} LABEL core SOURCES ${test}.cpp builders.h cluster_support.h
                        LIBS clusterlab::cluster)
endforeach()
