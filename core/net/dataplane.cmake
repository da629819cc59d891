# Service forwarder (kube-proxy), DNS (kube-dns) and flow events; included by CMakeLists.txt.
list(APPEND CLUSTERLAB_NET_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/dataplane_util.cpp ${CMAKE_CURRENT_LIST_DIR}/dataplane_util.h
    ${CMAKE_CURRENT_LIST_DIR}/flow_events.cpp ${CMAKE_CURRENT_LIST_DIR}/flow_events.h
    ${CMAKE_CURRENT_LIST_DIR}/health_check_server.cpp ${CMAKE_CURRENT_LIST_DIR}/health_check_server.h
    ${CMAKE_CURRENT_LIST_DIR}/endpoint_picker.cpp ${CMAKE_CURRENT_LIST_DIR}/endpoint_picker.h
    ${CMAKE_CURRENT_LIST_DIR}/port_proxy.cpp ${CMAKE_CURRENT_LIST_DIR}/port_proxy.h
    ${CMAKE_CURRENT_LIST_DIR}/service_forwarder.cpp ${CMAKE_CURRENT_LIST_DIR}/service_forwarder.h
    ${CMAKE_CURRENT_LIST_DIR}/tcp_port_proxy.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tcp_connection.cpp ${CMAKE_CURRENT_LIST_DIR}/tcp_connection.h
    ${CMAKE_CURRENT_LIST_DIR}/tcp_splice.cpp
    ${CMAKE_CURRENT_LIST_DIR}/udp_port_proxy.cpp
    ${CMAKE_CURRENT_LIST_DIR}/dns_message.cpp ${CMAKE_CURRENT_LIST_DIR}/dns_message.h
    ${CMAKE_CURRENT_LIST_DIR}/dns_zone.cpp ${CMAKE_CURRENT_LIST_DIR}/dns_zone.h
    ${CMAKE_CURRENT_LIST_DIR}/dns_server.cpp ${CMAKE_CURRENT_LIST_DIR}/dns_server.h)
