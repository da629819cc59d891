# Pod workload servers, protocol clients and downstream calls (see pod_server.h).
list(APPEND CLUSTERLAB_NET_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/bootcamp_app.cpp ${CMAKE_CURRENT_LIST_DIR}/bootcamp_app.h
    ${CMAKE_CURRENT_LIST_DIR}/call_runner.cpp
    ${CMAKE_CURRENT_LIST_DIR}/http_answer.cpp
    ${CMAKE_CURRENT_LIST_DIR}/http_client.cpp
    ${CMAKE_CURRENT_LIST_DIR}/http_session.cpp
    ${CMAKE_CURRENT_LIST_DIR}/io_util.cpp
    ${CMAKE_CURRENT_LIST_DIR}/mysql_client.cpp
    ${CMAKE_CURRENT_LIST_DIR}/mysql_packet.cpp
    ${CMAKE_CURRENT_LIST_DIR}/mysql_query.cpp
    ${CMAKE_CURRENT_LIST_DIR}/mysql_session.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pod_server.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tcp_bytes.cpp ${CMAKE_CURRENT_LIST_DIR}/tcp_bytes.h
    ${CMAKE_CURRENT_LIST_DIR}/local_servers.h
    ${CMAKE_CURRENT_LIST_DIR}/redis_session.cpp
    ${CMAKE_CURRENT_LIST_DIR}/redis_store.cpp
    ${CMAKE_CURRENT_LIST_DIR}/resp.cpp
    ${CMAKE_CURRENT_LIST_DIR}/resp_client.cpp
    ${CMAKE_CURRENT_LIST_DIR}/session_tracker.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sniff_session.cpp
    ${CMAKE_CURRENT_LIST_DIR}/workload.cpp)
