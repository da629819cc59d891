# The API routes as a pure function of (request, engine view), JSON and protobuf bodies.
foreach(test tst_api_discovery tst_api_resources tst_api_errors tst_api_patch tst_api_watch
             tst_api_dry_run tst_api_commands)
    clusterlab_add_test(${test} LABEL core SOURCES ${test}.cpp api_test_support.h
                        api_json_support.h LIBS clusterlab::core)
endforeach()
foreach(test tst_protobuf_kubectl tst_protobuf_malformed)
    clusterlab_add_test(${test} LABEL core SOURCES ${test}.cpp api_test_support.h
                        protobuf_support.h LIBS clusterlab::core)
endforeach()
# SPDY/3.1 framing and the kubelet's side of port-forward, against a real server on loopback.
clusterlab_add_test(tst_spdy_frames LABEL core SOURCES tst_spdy_frames.cpp LIBS clusterlab::core)
