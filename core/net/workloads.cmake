# Pod workload servers, protocol clients and downstream calls (see pod_server.h).
list(APPEND CLUSTERLAB_NET_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/call.cpp
    ${CMAKE_CURRENT_LIST_DIR}/workload.cpp)
