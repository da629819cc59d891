# Canvas export (issue 7): PNG, SVG and the clipboard, and the Export canvas dialog.
target_sources(clusterlab_gui PRIVATE
    export/canvas_export.cpp export/canvas_export.h
    export/export_dialog.cpp export/export_dialog.h
    # The canvas side of presentation mode (app/CMakeLists.txt lists the rest of canvas/).
    canvas/canvas_presentation.cpp
    canvas/highlight_item.cpp canvas/highlight_item.h)
target_link_libraries(clusterlab_gui PUBLIC Qt6::Svg)
