#pragma once

// The fixture of tst_canvas and tst_canvas_layout: a real Engine (pace 0, users paused) with
// the demo applied and serving, the window's state, bridge and commands, and the canvas scene
// in a view; and readers of what the canvas shows.

#include "bridge/engine_bridge.h"
#include "bridge/engine_commands.h"
#include "canvas/canvas_scene.h"
#include "canvas/canvas_view.h"
#include "demo_text.h"
#include "engine.h"
#include "state/cluster_state.h"

#include <QTest>

namespace canvas_test {

using namespace clusterlab;
using namespace clusterlab::app;

/// CanvasLab is the engine, the canvas and what connects them. Thread: GUI thread.
struct CanvasLab
{
    /// start shows the view and applies the demo; it fails unless its 8 Pods appear.
    void start()
    {
        EngineOptions options;
        options.pace = 0;
        options.usersRate = 0; // exact counts: only the flows the tests make
        engine = new Engine(options);
        engine->start();
        state = new ClusterState;
        scene = new CanvasScene(*state);
        view = new CanvasView(scene);
        view->resize(1400, 900);
        view->show();
        QVERIFY(QTest::qWaitForWindowExposed(view));
        bridge = new EngineBridge(engine);
        commands = new EngineCommands(*engine);
        QObject::connect(bridge, &EngineBridge::batchReady, state, &ClusterState::apply);
        QObject::connect(scene, &CanvasScene::scaleRequested, commands, &EngineCommands::scale);
        QObject::connect(scene, &CanvasScene::scaleByRequested, commands, &EngineCommands::scaleBy);
        QObject::connect(scene, &CanvasScene::deletePodRequested, commands,
                         &EngineCommands::deletePod);
        QObject::connect(commands, &EngineCommands::curlAnswered, scene,
                         &CanvasScene::showCurlAnswer);
        bridge->prime();
        auto report = manifest::decodeText(demoText(), "three-tier.yaml");
        QVERIFY(!report.hasErrors());
        commands->apply(std::move(report.objects));
        QTRY_COMPARE_WITH_TIMEOUT(state->mirror().podUids().size(), 8, 10000);
    }

    void stop()
    {
        delete bridge;
        delete commands;
        delete view;
        delete scene;
        delete state;
        engine->stop();
        delete engine;
    }

    /// podUidsOf lists the Pods the canvas puts in a group ("Deployment/default/backend").
    QStringList podUidsOf(const QString &groupKey) const
    {
        QStringList uids;
        for (const QString &uid : state->mirror().podUids())
            if (scene->groupKeyOf(uid) == groupKey)
                uids << uid;
        return uids;
    }

    Engine *engine = nullptr;
    EngineBridge *bridge = nullptr;
    EngineCommands *commands = nullptr;
    ClusterState *state = nullptr;
    CanvasScene *scene = nullptr;
    CanvasView *view = nullptr;
};

} // namespace canvas_test
