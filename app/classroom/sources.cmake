# Classroom mode (issue 7): lessons, their runner and panel, presentation mode.
target_sources(clusterlab_gui PRIVATE
    classroom/classroom_controller.cpp classroom/classroom_controller.h
    classroom/lesson.h
    classroom/lesson_fields.cpp classroom/lesson_fields.h
    classroom/lesson_library.cpp classroom/lesson_library.h
    classroom/lesson_panel.cpp classroom/lesson_panel.h
    classroom/lesson_reader.cpp classroom/lesson_reader.h
    classroom/lesson_runner.cpp classroom/lesson_runner_conditions.cpp
    classroom/lesson_runner.h
    classroom/presentation_mode.cpp classroom/presentation_mode.h)
# The built-in lessons, :/lessons/<id>.yaml, compiled into the library like the templates.
qt_add_resources(CLUSTERLAB_LESSON_SOURCES ${PROJECT_SOURCE_DIR}/resources/lessons/lessons.qrc)
target_sources(clusterlab_gui PRIVATE ${CLUSTERLAB_LESSON_SOURCES})
