# Included by bench/CMakeLists.txt: the Service forwarder benchmark.
add_subdirectory(${CMAKE_CURRENT_LIST_DIR}/forwarder)
