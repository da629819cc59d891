# Replays every fuzz target's seed corpus (tests/fuzz/corpus/<name>/) and regression cases
# (tests/data/fuzz-regressions/<name>/) through its LLVMFuzzerTestOneInput in the ordinary
# build, with any compiler: replay_<name> is fuzz_<name>.cpp plus replay_main.cpp. A missing
# corpus folder fails the test; a missing or empty regression folder is allowed.
set(CLUSTERLAB_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR}/fuzz)
include(${CLUSTERLAB_FUZZ_DIR}/targets.cmake)
foreach(name IN LISTS CLUSTERLAB_FUZZ_TARGETS)
    add_executable(replay_${name} ${CLUSTERLAB_FUZZ_DIR}/replay_main.cpp)
    clusterlab_fuzz_inputs(replay_${name} ${name})
    set(dirs ${CLUSTERLAB_FUZZ_DIR}/corpus/${name}
             --optional ${PROJECT_SOURCE_DIR}/tests/data/fuzz-regressions/${name})
    if(name STREQUAL "lesson")
        list(APPEND dirs ${PROJECT_SOURCE_DIR}/resources/lessons) # the built-in lessons
    elseif(name STREQUAL "manifest")
        # The manifest fuzzer's seeds are also the demo and the golden manifests; its older
        # regression cases sit at the top of tests/data/fuzz-regressions/ (tst_manifest
        # replays them too).
        list(APPEND dirs ${PROJECT_SOURCE_DIR}/resources/demo ${PROJECT_SOURCE_DIR}/tests/data/manifests
             --optional ${PROJECT_SOURCE_DIR}/tests/data/fuzz-regressions)
    endif()
    add_test(NAME fuzz_replay_${name} COMMAND replay_${name} ${dirs})
    set_tests_properties(fuzz_replay_${name} PROPERTIES TIMEOUT 60 LABELS core
        RESOURCE_LOCK clusterlab_loopback)
endforeach()
