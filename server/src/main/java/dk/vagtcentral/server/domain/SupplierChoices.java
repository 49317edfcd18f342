package dk.vagtcentral.server.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which supplier a citizen has chosen at a given moment. Routing follows the choice valid at the alarm's
 * time (002 Viborg §10.6: a switch takes effect at the end of a month), on the Copenhagen calendar.
 */
public final class SupplierChoices {

    private SupplierChoices() {
    }

    /**
     * The choice of {@code citizenId} valid at {@code at}. Should several hold (a conflict that
     * {@link #overlapping} is there to prevent), the one that started last wins, then the greatest id.
     */
    public static Optional<SupplierChoice> validAt(Collection<SupplierChoice> choices, String citizenId, Instant at) {
        return choices.stream()
                .filter(c -> Objects.equals(c.citizenId(), citizenId) && c.isValidAt(at))
                .max(Comparator.comparing(SupplierChoice::validFrom).thenComparing(SupplierChoice::id));
    }

    /**
     * The choice {@code candidate} changes the citizen away from (leverandørskift): a choice of the same citizen with
     * another supplier that holds on the candidate's first day, or on the day before it (the usual switch: the old
     * choice is ended on the day the new one starts). Empty for a first choice, a choice after a gap of a day or more,
     * or a continuation with the same supplier; then no notice applies. A choice with the candidate's id is its old
     * version and is ignored.
     */
    public static Optional<SupplierChoice> changeFrom(SupplierChoice candidate, Collection<SupplierChoice> existing) {
        LocalDate first = candidate.validFrom();
        return existing.stream()
                .filter(c -> !Objects.equals(c.id(), candidate.id()))
                .filter(c -> Objects.equals(c.citizenId(), candidate.citizenId()))
                .filter(c -> !Objects.equals(c.supplierId(), candidate.supplierId()))
                .filter(c -> c.holdsOn(first) || c.holdsOn(first.minusDays(1)))
                .max(Comparator.comparing((SupplierChoice c) -> c.holdsOn(first))
                        .thenComparing(SupplierChoice::validFrom).thenComparing(SupplierChoice::id));
    }

    /**
     * The existing choices of the same citizen whose period overlaps {@code candidate}'s: non-empty means the
     * new choice conflicts (409). A choice with the candidate's id is its old version and is ignored.
     */
    public static List<SupplierChoice> overlapping(SupplierChoice candidate, Collection<SupplierChoice> existing) {
        return existing.stream()
                .filter(c -> !Objects.equals(c.id(), candidate.id()))
                .filter(c -> Objects.equals(c.citizenId(), candidate.citizenId()))
                .filter(candidate::overlaps)
                .sorted(Comparator.comparing(SupplierChoice::validFrom))
                .toList();
    }
}
