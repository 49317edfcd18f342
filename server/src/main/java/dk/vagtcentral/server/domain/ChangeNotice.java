package dk.vagtcentral.server.domain;

/**
 * The notice a citizen gives to switch supplier (leverandørskift): at least {@code days} days from the request,
 * and, when {@code toEndOfMonth}, taking effect only from the first day after the end of a month (002 Viborg §10.6
 * "30 dages varsel til udgangen af en måned"; 003 Odder §4.16 and 004 Horsens "14 dages varsel"). The municipality
 * may accept a shorter notice in special cases, so a shorter one is a warning an administrator may override with a
 * reason, never a hard refusal. {@code days == 0} means no notice is required.
 */
public record ChangeNotice(int days, boolean toEndOfMonth) {
    public static final ChangeNotice NONE = new ChangeNotice(0, false);

    public ChangeNotice {
        if (days < 0) {
            throw new IllegalArgumentException("notice days must be 0 or more, got " + days);
        }
    }
}
