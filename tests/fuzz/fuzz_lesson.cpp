// libFuzzer target: the classroom lesson reader (app/classroom/lesson_reader.h readLesson),
// which reads lesson files a teacher wrote or downloaded. It is Qt-free and compiled into
// this target directly. Any bytes give a lesson or problems, never a crash; every problem
// has a message and a position inside the file.
#include "classroom/lesson_reader.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char *>(data), size);
    const auto read = clusterlab::app::readLesson(text, "fuzz.yaml");
    if (!read.lesson && read.problems.empty())
        std::abort();
    for (const auto &problem : read.problems) {
        if (problem.message.empty() || problem.line < 0 || problem.column < 0)
            std::abort();
        (void)problem.format();
    }
    return 0;
}
