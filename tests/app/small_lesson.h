#pragma once

// kSmallLesson is the smallest valid lesson: one step that applies one Service. The lesson
// tests break it one way at a time, or drop it on the window.
inline constexpr const char *kSmallLesson = R"(lesson: small
title: Small
files:
  svc.yaml: |
    apiVersion: v1
    kind: Service
    metadata:
      name: backend
    spec:
      selector: {app: backend}
      ports:
      - port: 80
steps:
- title: One
  do:
  - apply: svc.yaml
)";
