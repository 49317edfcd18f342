package dk.vagtcentral.server.domain;

import static dk.vagtcentral.server.domain.DeciderHarness.T0;
import static dk.vagtcentral.server.domain.DeciderHarness.at;
import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.event.EventCategory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order of a desk's queue (issue 13: the only call waiting for an answer was fifth, under calls on site). */
class DeskQueueTest {
    static final Actor ANNA = Actor.staff("anna", "care");

    @Test
    void callsNeedingAnAnswerComeFirstThenInProgressThenInformationAndNoticesInTheirOwnLane() {
        DeciderHarness h = new DeciderHarness("odder");
        // four calls on site, received first (earliest deadlines)
        List<Alarm> onSite = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Alarm a = h.press("300" + i, EventCategory.EMERGENCY, "QA", "1", at(0, i));
            h.act(a.id(), new Command.Respond("anna", ResponseKind.HELP_SENT, "p1"), ANNA, at(1, 0));
            h.act(a.id(), new Command.OnSite("anna"), ANNA, at(2, 0));
            onSite.add(h.alarm(a.id()));
        }
        Alarm notice = h.press("1000", EventCategory.TECHNICAL, "YT", "7", at(3, 0));
        Alarm unroutable = h.press("9000", EventCategory.EMERGENCY, "QA", "1", at(4, 0)); // the supervisors hold it
        Alarm fire = h.press("1000", EventCategory.FIRE, "FA", "1", at(5, 0)); // fire-and-rescue holds it
        // the calls this desk must answer: one acknowledged, one nobody has taken (the later deadline)
        Alarm ack = h.press("3008", EventCategory.EMERGENCY, "QA", "1", at(6, 0));
        h.act(ack.id(), new Command.Acknowledge("anna"), ANNA, at(6, 10));
        ack = h.alarm(ack.id());
        Alarm waiting = h.press("3009", EventCategory.UNKNOWN, "??", "1", at(7, 0));

        List<Alarm> queue = new ArrayList<>(List.of(onSite.get(0), onSite.get(1), onSite.get(2), onSite.get(3), notice,
                h.alarm(unroutable.id()), h.alarm(fire.id()), ack, h.alarm(waiting.id())));
        Collections.shuffle(queue, new java.util.Random(13));
        queue.sort(DeskQueue.order("care", a -> false));

        assertThat(queue).extracting(Alarm::id).containsExactly(waiting.id(), ack.id(), onSite.get(0).id(),
                onSite.get(1).id(), onSite.get(2).id(), onSite.get(3).id(), fire.id(), unroutable.id(),
                notice.id());
        assertThat(DeskQueue.groupFor(h.alarm(waiting.id()), "care")).isEqualTo(DeskQueue.Group.WAITING);
        assertThat(DeskQueue.groupFor(ack, "care")).isEqualTo(DeskQueue.Group.ACKNOWLEDGED);
        assertThat(DeskQueue.groupFor(onSite.get(0), "care")).isEqualTo(DeskQueue.Group.IN_PROGRESS);
        assertThat(DeskQueue.groupFor(h.alarm(fire.id()), "care")).as("held by fire-and-rescue")
                .isEqualTo(DeskQueue.Group.INFORMATION);
        assertThat(DeskQueue.group(h.alarm(fire.id()))).as("as its holder sees it")
                .isEqualTo(DeskQueue.Group.WAITING);
        assertThat(DeskQueue.lane(notice)).isEqualTo(DeskQueue.Lane.TECHNICAL);
        assertThat(DeskQueue.lane(h.alarm(waiting.id()))).isEqualTo(DeskQueue.Lane.CALLS);
    }

    @Test
    void theMostOverdueCallComesFirstAndAFieldWorkersOwnBeforeAll() {
        DeciderHarness h = new DeciderHarness("odder");
        Alarm older = h.emergency("1000", T0);
        Alarm newer = h.emergency("2000", at(2, 0));
        assertThat(newer.routing().handling()).isEqualTo(Handling.CALL);
        List<Alarm> queue = new ArrayList<>(List.of(h.alarm(newer.id()), h.alarm(older.id())));
        queue.sort(DeskQueue.order("care", a -> false));
        assertThat(queue).extracting(Alarm::id).containsExactly(older.id(), newer.id());
        queue.sort(DeskQueue.order("care", a -> a.id() == newer.id()));
        assertThat(queue).extracting(Alarm::id).as("mine first").containsExactly(newer.id(), older.id());
    }
}
