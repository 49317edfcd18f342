package dk.vagtcentral.server.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.domain.MonthlyStatement.Registration;
import dk.vagtcentral.server.domain.MonthlyStatement.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A CSV cell a spreadsheet would evaluate is shown as text; numbers and ordinary text stay as they are. */
class CsvFieldTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "=HYPERLINK(\"http://x\")|`\"'=HYPERLINK(\"\"http://x\"\")\"`",
            "+45 12 34 56 78|'+45 12 34 56 78",
            "-1+2|'-1+2",
            "@SUM(A1:A9)|'@SUM(A1:A9)",
            "=1+2,3|`\"'=1+2,3\"`",
            "-12.50|-12.50",
            "+7|+7",
            "1200.50|1200.50",
            "fall, bathroom|`\"fall, bathroom\"`",
            "a-b=c|a-b=c",
            "2026-10-01T10:00:00+02:00|2026-10-01T10:00:00+02:00"})
    void formulasAreNeutralisedAndTheRestIsUntouched(String value, String expected) {
        assertThat(CsvField.of(value)).isEqualTo(expected);
    }

    @Test
    void aLeadingTabOrCarriageReturnIsNeutralisedToo() {
        assertThat(CsvField.of("\t=cmd")).isEqualTo("'\t=cmd");
        assertThat(CsvField.of("\r=cmd")).isEqualTo("\"'\r=cmd\"");
        assertThat(CsvField.of("")).isEmpty();
    }

    @Test
    void theMonthlyStatementExportNeutralisesARegistrationsDetail() {
        Statement s = MonthlyStatement.of("sup-a", YearMonth.of(2026, 10), List.of(), List.of(new Registration(3,
                Instant.parse("2026-10-25T00:30:00Z"), "ACUTE_RESPONSE", "=cmd|' /C calc'!A0")));
        assertThat(MonthlyStatement.csv(s)).contains(",ACUTE_RESPONSE,,'=cmd|' /C calc'!A0\r\n")
                .doesNotContain(",=cmd");
    }
}
