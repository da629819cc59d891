# Canvas export (issue 7): PNG, SVG and the clipboard, and the Export canvas dialog.
target_sources(clusterlab_gui PRIVATE
    export/canvas_export.cpp export/canvas_export.h
    export/export_dialog.cpp export/export_dialog.h)
target_link_libraries(clusterlab_gui PUBLIC Qt6::Svg)
