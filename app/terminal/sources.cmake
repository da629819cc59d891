# The Terminal panel (issue 7): kubectl (real or built-in), curl, dig and redis-cli limited to
# ClusterLab's own addresses. Included by app/CMakeLists.txt after clusterlab_gui is defined.
target_sources(clusterlab_gui PRIVATE
    terminal/address_book.cpp terminal/address_book.h
    terminal/api_client.cpp terminal/api_client.h
    terminal/builtin_kubectl.cpp terminal/builtin_kubectl.h
    terminal/client_side_apply.cpp terminal/client_side_apply.h
    terminal/command_history.cpp terminal/command_history.h
    terminal/command_line.cpp terminal/command_line.h
    terminal/command_policy.cpp terminal/curl_policy.cpp terminal/command_policy.h
    terminal/describe_text.cpp terminal/describe_text.h
    terminal/json_text.cpp terminal/json_text.h
    terminal/kubectl_args.cpp terminal/kubectl_args.h
    terminal/kubectl_describe.cpp terminal/kubectl_describe.h
    terminal/kubectl_get.cpp terminal/kubectl_get.h
    terminal/kubectl_jsonpath.cpp terminal/kubectl_jsonpath.h
    terminal/kubectl_manifest_writes.cpp terminal/kubectl_manifest_writes.h
    terminal/kubectl_object_writes.cpp terminal/kubectl_object_writes.h
    terminal/kubectl_result.h
    terminal/process_runner.cpp terminal/process_runner.h
    terminal/table_text.cpp terminal/table_text.h
    terminal/terminal_input.cpp terminal/terminal_input.h
    terminal/terminal_panel.cpp terminal/terminal_panel_run.cpp terminal/terminal_panel.h)
