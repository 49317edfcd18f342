package dk.vagtcentral.protocol.event;

import java.util.List;

/** Renders everything extracted from an event on one line, so tests can assert it exactly. */
public final class EventRendering {
    private EventRendering() {
    }

    /** "CODE zone=.. area=.. [text='..'] [mods=name=value^label^,..] CATEGORY". */
    public static String render(AlarmEvent e) {
        StringBuilder sb = new StringBuilder(e.code()).append(" zone=").append(e.zone()).append(" area=")
                .append(e.partition());
        if (!e.text().isEmpty()) {
            sb.append(" text='").append(e.text()).append('\'');
        }
        if (!e.modifiers().isEmpty()) {
            sb.append(" mods=");
            for (SiaModifier m : e.modifiers()) {
                sb.append(m.name()).append('=').append(m.value());
                if (!m.label().isEmpty()) {
                    sb.append('^').append(m.label()).append('^');
                }
                sb.append(',');
            }
            sb.setLength(sb.length() - 1);
        }
        return sb.append(' ').append(e.category()).toString();
    }

    public static List<String> render(List<AlarmEvent> events) {
        return events.stream().map(EventRendering::render).toList();
    }
}
