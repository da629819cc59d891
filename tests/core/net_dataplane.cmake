# The Service forwarder and kube-dns over real loopback sockets.
foreach(test tst_dataplane_balancing tst_dataplane_forwarder tst_dataplane_streams tst_dns)
    clusterlab_add_test(${test} LABEL core SOURCES ${test}.cpp dataplane_support.h
                        dataplane_lab.h LIBS clusterlab::net)
endforeach()
