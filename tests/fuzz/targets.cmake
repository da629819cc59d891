# What each fuzz target is built from. Shared by tests/fuzz/CMakeLists.txt (the libFuzzer
# executables fuzz_<name>, clang only) and tests/fuzz_replay.cmake (replay_<name>, which runs
# the seed corpus and the regression cases through the same code in every build).
set(CLUSTERLAB_FUZZ_TARGETS
    api_request protobuf patch_json patch_merge patch_strategic dns resp mysql lesson jsonpath
    manifest)

# clang 14 cannot emit UBSan's -fsanitize=function checks in coroutines built with coverage
# ("Cannot represent a difference across sections"): leave that one check out there.
function(clusterlab_fuzz_without_function_check target)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND CLUSTERLAB_SANITIZE MATCHES "undefined")
        target_compile_options(${target} PRIVATE -fno-sanitize=function)
    endif()
endfunction()

# clusterlab_fuzz_inputs(<executable> <name>) adds fuzz_<name>.cpp and what it links.
function(clusterlab_fuzz_inputs executable name)
    set(app ${PROJECT_SOURCE_DIR}/app)
    target_sources(${executable} PRIVATE ${CLUSTERLAB_FUZZ_DIR}/fuzz_${name}.cpp)
    # Nothing here is Qt: tests/ turns AUTOMOC on for its own targets.
    set_target_properties(${executable} PROPERTIES AUTOMOC OFF AUTOUIC OFF AUTORCC OFF)
    target_link_libraries(${executable} PRIVATE clusterlab_warnings)
    if(name STREQUAL "api_request" OR name STREQUAL "protobuf" OR name MATCHES "^patch_")
        target_link_libraries(${executable} PRIVATE clusterlab::api)
    elseif(name STREQUAL "dns" OR name STREQUAL "resp" OR name STREQUAL "mysql")
        # Only the data plane files the parser needs, not all of clusterlab_net (its sessions
        # are coroutines that clang 14 cannot build with coverage and -fsanitize=function).
        set(net ${PROJECT_SOURCE_DIR}/core/net)
        if(name STREQUAL "dns")
            target_sources(${executable} PRIVATE ${net}/dns_server.cpp ${net}/dns_message.cpp
                                                 ${net}/dns_zone.cpp ${net}/dataplane_util.cpp)
        elseif(name STREQUAL "resp")
            target_sources(${executable} PRIVATE ${net}/resp.cpp ${net}/redis_store.cpp)
        else()
            target_sources(${executable} PRIVATE ${net}/mysql_packet.cpp ${net}/mysql_query.cpp
                                                 ${net}/io_util.cpp)
        endif()
        target_include_directories(${executable} PRIVATE ${PROJECT_SOURCE_DIR}/core)
        target_link_libraries(${executable} PRIVATE clusterlab::io clusterlab::model
                                                    Boost::headers Boost::json Threads::Threads)
        clusterlab_fuzz_without_function_check(${executable})
    elseif(name STREQUAL "lesson")
        # The lesson reader is Qt-free: its sources are compiled in, so the target builds
        # without the app (CLUSTERLAB_BUILD_APP=OFF).
        target_sources(${executable} PRIVATE ${app}/classroom/lesson_reader.cpp
                                             ${app}/classroom/lesson_action_reader.cpp
                                             ${app}/classroom/lesson_fields.cpp)
        target_include_directories(${executable} PRIVATE ${app})
        target_link_libraries(${executable} PRIVATE clusterlab::manifest yaml-cpp)
    elseif(name STREQUAL "jsonpath")
        target_sources(${executable} PRIVATE ${app}/terminal/kubectl_jsonpath.cpp
                                             ${app}/terminal/json_text.cpp)
        target_include_directories(${executable} PRIVATE ${app})
        target_link_libraries(${executable} PRIVATE Boost::json)
    elseif(name STREQUAL "manifest")
        target_link_libraries(${executable} PRIVATE clusterlab::manifest)
    else()
        message(FATAL_ERROR "clusterlab_fuzz_inputs: unknown fuzz target ${name}")
    endif()
endfunction()
