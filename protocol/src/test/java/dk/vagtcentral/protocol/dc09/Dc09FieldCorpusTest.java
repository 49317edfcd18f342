package dk.vagtcentral.protocol.dc09;

import static dk.vagtcentral.protocol.dc09.TestFrames.ascii;
import static dk.vagtcentral.protocol.dc09.TestFrames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.vagtcentral.protocol.event.ContactIdEnvelope;
import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.protocol.event.EventData;
import dk.vagtcentral.protocol.event.EventRendering;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden frames from the field: the shapes real panels send, collected from public receiver projects' bug
 * reports and tests and from vendors' manuals. Each case cites its source and asserts exactly what we extract,
 * and that the frame is ACK-able: it decodes, its id is one we process, and its data is understood or will be
 * stored as UNKNOWN with its raw data.
 *
 * <p>Frames quoted with their CRC and length are checked as reported ({@link #verbatim}): those bytes came
 * from a real device and our CRC agrees with it. Where a report's header does not match its body (a hand-made
 * test frame, an anonymised account, a log that cut the line) the body is framed afresh ({@link #reframed}).
 * Shapes documented only as data (manuals) are framed afresh around that data.
 */
class Dc09FieldCorpusTest {

    /** A frame as reported, "CCCCLLLL"body", decoded with the CRC and length it was reported with. */
    static Dc09Message verbatim(String reported) {
        Dc09DecodeResult r = Dc09Codec.decodeFrame(ascii("\n" + reported + "\r"), KeyResolver.NONE);
        assertTrue(r.isSuccess(), () -> reported + " -> " + r);
        return r.message();
    }

    static Dc09Message reframed(String body) {
        Dc09DecodeResult r = Dc09Codec.decodeFrame(frame(body), KeyResolver.NONE);
        assertTrue(r.isSuccess(), () -> body + " -> " + r);
        return r.message();
    }

    /** Data documented without a frame, carried in an unencrypted SIA-DCS or ADM-CID frame of account 1234. */
    static Dc09Message dataOnly(String id, String data) {
        return reframed("\"" + id + "\"0001L0#1234[" + data + "]");
    }

    /** Parses the message's data and checks that the frame is one the receiver ACKs. */
    static EventData.Result ackable(Dc09Message m) {
        assertTrue(Dc09Ids.EVENT_IDS.contains(m.id()), m.id());
        EventData.Result r = EventData.parse(m.id(), m.data());
        assertEquals(m.data(), r.raw(), "raw data kept whole");
        if (!r.understood()) {
            assertEquals(EventCategory.UNKNOWN, r.category());
            assertTrue(r.category().isLifeSafety(), "raised as an emergency");
        }
        return r;
    }

    static List<String> events(EventData.Result r) {
        assertTrue(r.understood(), r::reason);
        return EventRendering.render(r.events());
    }

    static List<String> typedExtendedData(Dc09Message m) {
        return m.extendedDataBlocks().stream().map(x -> x.type() + ":" + x.value()).toList();
    }

    // ------------------------------------------------------------------ SIA DC

    /** eavanvalkenburg/sia#42: area then code with no '/', zone name in carets padded with spaces. */
    @Test
    void areaFollowedDirectlyByTheCodeWithPaddedText() {
        Dc09Message m = verbatim("5670004D\"SIA-DCS\"8070L0#123456[#123456|Nri0KR1^TAST.  001      ^]"
                + "_13:49:12,04-13-2021");
        EventData.Result r = ackable(m);
        assertEquals(List.of("KR zone=1 area=0 text='TAST.  001' mods=ri=0 OTHER"), events(r));
        assertEquals("123456", m.account());
        assertEquals("123456", r.blockAccount());
        assertEquals(Instant.parse("2021-04-13T13:49:12Z"), m.timestamp());
        // the same thread, a garage door (report cut short, reframed)
        assertEquals(List.of("OP zone=0 area=9 text='GARAGE' mods=ri=9 OTHER"), events(ackable(
                reframed("\"SIA-DCS\"8068L0#123456[#123456|Nri9OP0^GARAGE ^]_13:46:25,04-13-2021"))));
    }

    /** eavanvalkenburg/pysiaalarm#11, kept as case_bug in tests/test_sia_package_cases.py. */
    @Test
    void closingWithAreaAndTextAndNoSlash() {
        Dc09Message m = reframed("\"SIA-DCS\"7960L0#123456[#123456|Nri1CL0^VX FRONTE ^]_22:40:48,04-11-2021");
        assertEquals(List.of("CL zone=0 area=1 text='VX FRONTE' mods=ri=1 OTHER"), events(ackable(m)));
    }

    /** eavanvalkenburg/pysiaalarm#8: Scantronic (Eaton) "SC SIA3", time and user modifiers, code without zone. */
    @Test
    void timeAndUserModifiersBeforeACodeWithoutZone() {
        Dc09Message m = verbatim("1908002B\"SIA-DCS\"0000L0#3080[#3080|Nti19:44/id1/RP]");
        assertEquals(List.of("RP zone= area= mods=ti=19:44,id=1 TEST"), events(ackable(m)));
    }

    /** eavanvalkenburg/pysiaalarm#63: Lupus, time with seconds and a date modifier; lower-case length digits. */
    @Test
    void timeAndDateModifiers() {
        Dc09Message m = verbatim("9B3C004d\"SIA-DCS\"0047L0#100200[#100200|Nti10:01:00/da08-18-24/RP]"
                + "_10:01:00,08-18-2024");
        assertEquals(List.of("RP zone= area= mods=ti=10:01:00,da=08-18-24 TEST"), events(ackable(m)));
    }

    /** eavanvalkenburg/pysiaalarm#51: SATEL Perfecta, area and user before the code. */
    @Test
    void areaAndUserBeforeTheCode() {
        Dc09Message m = verbatim("80DA0040\"SIA-DCS\"0002L0#AA1234[#AA1234|Nri2/id15/OP]_10:03:32,06-14-2023");
        assertEquals(List.of("OP zone= area=2 mods=ri=2,id=15 OTHER"), events(ackable(m)));
        assertEquals(List.of("OP zone= area=2 mods=ri=2,id=1 OTHER"), events(ackable(
                verbatim("9F73003F\"SIA-DCS\"0007L0#AA1234[#AA1234|Nri2/id1/OP]_09:29:02,06-15-2023"))));
    }

    /**
     * eavanvalkenburg/pysiaalarm pull request #87: SATEL ETHM-1 sends a peripheral modifier and an account block
     * that differs from the header's; a Dahua AirShield key fob adds a room block.
     */
    @Test
    void peripheralModifierAndAForeignBlockAccount() {
        Dc09Message satel = verbatim("D8910037\"SIA-DCS\"0097L0#ABCD[#0000|Npi0/AT]_11:26:04,03-01-2026");
        EventData.Result r = ackable(satel);
        assertEquals(List.of("AT zone= area= mods=pi=0 TECHNICAL"), events(r));
        assertEquals("ABCD", satel.account());
        assertEquals("0000", r.blockAccount());

        Dc09Message dahua = verbatim("BC160045\"SIA-DCS\"0178L0#5555[#5555|Npi1/NL1][RLivingRoom]"
                + "_16:39:25,08-25-2026");
        assertEquals(List.of("NL zone=1 area= mods=pi=1 OTHER"), events(ackable(dahua)));
        assertEquals(List.of("RLivingRoom"), dahua.extendedData());
        assertEquals(List.of("ROOM:LivingRoom"), typedExtendedData(dahua));
    }

    /** eavanvalkenburg/pysiaalarm#12 (Ajax): zone 0 in area 0, and Ajax's NULL supervision. */
    @Test
    void ajaxZoneAndSupervision() {
        assertEquals(List.of("ZY zone=0 area=0 mods=ri=0 OTHER"),
                events(ackable(verbatim("53350022\"SIA-DCS\"0001L0#AAA[#AAA|Nri0/ZY0]"))));
        Dc09Message ping = verbatim("54230012\"NULL\"0000L0#AAA[]");
        assertTrue(ping.isNull());
        assertEquals("", ping.data());
    }

    /** home-assistant/core#88474: a code pysiaalarm did not know (PE) was DUH'd and the panel lost its link. */
    @Test
    void codeUnknownToTheTableIsStillUnderstood() {
        Dc09Message m = verbatim("A2350038\"SIA-DCS\"7232L0#AAA[#AAA|Nri1/PE501]_08:21:05,02-20-2023");
        EventData.Result r = ackable(m);
        assertEquals(List.of("PE zone=501 area=1 mods=ri=1 OTHER"), events(r));
        assertEquals("SIA code PE", r.primary().orElseThrow().description());
    }

    /** eavanvalkenburg/pysiaalarm#64: a six-digit line prefix. */
    @Test
    void sixDigitLinePrefix() {
        Dc09Message m = reframed("\"SIA-DCS\"9832L000000#2511[#2511|Nri01/BB026]");
        assertEquals("000000", m.linePrefix());
        assertEquals(List.of("BB zone=026 area=01 mods=ri=01 OTHER"), events(ackable(m)));
    }

    /**
     * eavanvalkenburg/pysiaalarm tests/test_sia_package_cases.py: an empty account block, a MAC address block,
     * a key block, longitude and latitude, and data with no account block at all.
     */
    @Test
    void emptyOrAbsentAccountBlocksAndExtendedData() {
        Dc09Message jc = reframed("\"SIA-DCS\"6002L0#AAA[|Nri2/JC12]_12:58:23,09-15-2021");
        EventData.Result r = ackable(jc);
        assertEquals(List.of("JC zone=12 area=2 mods=ri=2 OTHER"), events(r));
        assertNull(r.blockAccount());

        Dc09Message mac = reframed("\"SIA-DCS\"6002L0#AAA[|Nri1/CL501][M0026B9E4268B]_14:12:04,09-25-2019");
        assertEquals(List.of("CL zone=501 area=1 mods=ri=1 OTHER"), events(ackable(mac)));
        assertEquals(List.of("MAC_ADDRESS:0026B9E4268B"), typedExtendedData(mac));
        assertEquals("00:26:B9:E4:26:8B", mac.extendedDataBlocks().get(0).macAddress().orElseThrow());

        Dc09Message key = reframed("\"SIA-DCS\"6002L0#AAA[|Nri1/RP000][KAAAAAAAAAAAAAAAA]_14:12:04,09-25-2019");
        assertEquals(List.of("RP zone=000 area=1 mods=ri=1 TEST"), events(ackable(key)));
        assertEquals(List.of("ENCRYPTION_KEY:AAAAAAAAAAAAAAAA"), typedExtendedData(key));

        Dc09Message panic = reframed("\"SIA-DCS\"0004L0#AAA[#AAA|Nri1/PA501][X006E07.7777777][Y49N06.6666666]"
                + "_20:45:46,04-22-2021");
        assertEquals(List.of("PA zone=501 area=1 mods=ri=1 EMERGENCY"), events(ackable(panic)));
        assertEquals(List.of("LONGITUDE:006E07.7777777", "LATITUDE:49N06.6666666"), typedExtendedData(panic));
        assertEquals(49.111111, panic.extendedDataBlocks().get(1).degrees().orElseThrow(), 1e-6);

        Dc09Message water = reframed("\"SIA-DCS\"5268L0#AAA[Nri1/WA000]_08:40:47,07-08-2020");
        EventData.Result w = ackable(water);
        assertEquals(List.of("WA zone=000 area=1 mods=ri=1 OTHER"), events(w));
        assertNull(w.blockAccount());
    }

    /**
     * eavanvalkenburg/pysiaalarm#49 (Aritech ATS100A through an OH receiver) and case_op in
     * tests/test_sia_package_cases.py: no account in the header, only in the data; X-SIA text and its "NM" unit
     * characters after the zone.
     */
    @Test
    void accountOnlyInTheDataAndXSiaUnitCharacters() {
        Dc09Message ats = reframed("\"SIA-DCS\"0002R0001L0001[#072538|Nri01/CL003*''NM]");
        EventData.Result r = ackable(ats);
        assertNull(ats.account());
        assertEquals("072538", r.blockAccount());
        assertEquals(List.of("CL zone=003 area=01 mods=ri=01 OTHER"), events(r));

        Dc09Message op = reframed("\"SIA-DCS\"4738R0001L0001[#006969|Nri04/OP001NM]");
        assertEquals(List.of("OP zone=001 area=04 mods=ri=04 OTHER"), events(ackable(op)));
    }

    /** schmupu/ioBroker.sia#11: a panel that sends 'L' with no prefix digits and a ten-digit account. */
    @Test
    void emptyLinePrefix() {
        Dc09Message m = verbatim("CEF0003F\"SIA-DCS\"0001L#7303658550[#7303658550|NBA4]_11:52:09,05-07-2019");
        assertEquals("", m.linePrefix());
        assertEquals("7303658550", m.account());
        assertEquals(List.of("BA zone=4 area= OTHER"), events(ackable(m)));
    }

    /**
     * fioletoven/dc09: common/src/dc09/message.tests.rs frames an ASCII block after the event ({@code NRR|Atest});
     * common/src/dc09/parser.rs documents time with seconds glued to the code, in a frame without 'L', which
     * DC-09 requires and this codec does not read (DUH is impossible without it, so the data is shown reframed).
     */
    @Test
    void asciiBlockAfterTheEventAndTimeGluedToTheCode() {
        Dc09Message rr = verbatim("F4D20029\"SIA-DCS\"0001RF3L77#1234[#1234|NRR|Atest]");
        assertEquals("F3", rr.receiver());
        assertEquals("77", rr.linePrefix());
        assertEquals(List.of("RR zone= area= text='test' OTHER"), events(ackable(rr)));

        Dc09DecodeResult noL = Dc09Codec.decodeFrame(ascii("\n3BAC0029\"SIA-DCS\"0002#0123[#0123|Nti20:50:26RP99]\r"),
                KeyResolver.NONE);
        assertEquals(DecodeFailure.MALFORMED, noL.failure());
        assertEquals(List.of("RP zone=99 area= mods=ti=20:50:26 TEST"),
                events(ackable(dataOnly("SIA-DCS", "#0123|Nti20:50:26RP99"))));
    }

    /**
     * jvanovost/dc09_spt: dc09_spt/msg/dc03_msg.py builds area and user names in carets, time, the code glued to
     * them and text as a '|A' block; its issue #2 shows a receiver log of the area glued to the code.
     */
    @Test
    void namesInCaretsTimeGluedAndAsciiBlock() {
        assertEquals(List.of("FA zone=12 area=2 text='Kitchen text' mods=ri=2^Living^,id=5^John^,ti=12:00:00 FIRE"),
                events(ackable(dataOnly("SIA-DCS", "#1234|Nri2^Living^id5^John^ti12:00:00FA12^Kitchen^|Atext"))));
        assertEquals(List.of("BA zone=3 area=2 mods=ri=2 OTHER"), events(ackable(dataOnly("SIA-DCS", "#1234|Nri2BA3"))));
    }

    /**
     * Eaton i-on installation manual, "ARC Communication Formats" (SIA 3, Extended SIA 3 and Extended SIA3 V2):
     * text as a '/A' field, the V2 variant with '|' instead of '/', and the text-only message.
     */
    @Test
    void eatonExtendedSia3AndV2() {
        String v1 = "#000010|Nti10:15/ri4/FA2/AFire Zone 2";
        String v2 = "#000010|Nti10:15|ri4|FA2|AFire Zone 2";
        List<String> fire = List.of("FA zone=2 area=4 text='Fire Zone 2' mods=ti=10:15,ri=4 FIRE");
        assertEquals(fire, events(ackable(dataOnly("SIA-DCS", v1))));
        assertEquals(fire, events(ackable(dataOnly("SIA-DCS", v2))));
        EventData.Result textOnly = ackable(dataOnly("SIA-DCS", "#000010|AFire Zone 2"));
        assertFalse(textOnly.understood());
        assertEquals("SIA data: SIA data has text but no event code".substring(10), textOnly.reason());
    }

    /**
     * Bosch Conettix D6600/D6100 Computer Interface Manual: X-SIA text ({@code EMMZZZZ*'TTTTTTTTTTTTT'NM/...},
     * four-digit zones) and ADT SIA date and time before the event ({@code damm-dd-yytihh:mm:ss}).
     */
    @Test
    void boschXSiaTextAndAdtSiaDateTime() {
        assertEquals(List.of("FA zone=0012 area= text='KITCHEN SMOKE' FIRE", "BA zone=0003 area= text='HALL PIR' OTHER"),
                events(ackable(dataOnly("SIA-DCS", "#1234|NFA0012*'KITCHEN SMOKE'NM/BA0003*'HALL PIR'NM"))));
        assertEquals(List.of("FA zone=0012 area= mods=da=09-25-12,ti=14:12:04 FIRE"),
                events(ackable(dataOnly("SIA-DCS", "#1234|Nda09-25-12ti14:12:04FA0012"))));
    }

    /** Patriot Systems manual, SIA signal interpretation: "SRRL[#1234|Nri1BA01]". */
    @Test
    void patriotSiaProtocol2Example() {
        assertEquals(List.of("BA zone=01 area=1 mods=ri=1 OTHER"), events(ackable(dataOnly("SIA-DCS", "#1234|Nri1BA01"))));
    }

    // ------------------------------------------------------------------ Contact ID

    /** eavanvalkenburg/pysiaalarm#54 (Dahua): Contact ID with room and user blocks. */
    @Test
    void contactIdWithRoomAndUserBlocks() {
        Dc09Message test = verbatim("DABA003F\"ADM-CID\"0062L0#B12345[#B12345|1602 00 000]_17:23:51,09-18-2023");
        assertEquals(List.of("602 zone=000 area=00 TEST"), events(ackable(test)));

        Dc09Message cancel = verbatim("2DE1004C\"ADM-CID\"0056L0#123456[#123456|1406 01 000][RLivingRoom]"
                + "_17:22:02,09-18-2023");
        assertEquals(List.of("406 zone=000 area=01 CANCEL"), events(ackable(cancel)));
        assertEquals(List.of("ROOM:LivingRoom"), typedExtendedData(cancel));

        Dc09Message armed = reframed("\"ADM-CID\"0050L0#123456[#123456|3441 01 000][RLivingRoom][IuserName]"
                + "_17:20:15,09-18-2023");
        assertEquals(List.of("441 zone=000 area=01 OTHER"), events(ackable(armed)));
        assertEquals(List.of("ROOM:LivingRoom", "ALARM_TEXT:userName"), typedExtendedData(armed));
    }

    /**
     * Arming reports (qualifier 3 on an open/close code): eavanvalkenburg/pysiaalarm pull request #55 (Pima
     * Force, block account zero-padded), home-assistant/core#131728 and eavanvalkenburg/sia#33.
     */
    @Test
    void contactIdArmingReports() {
        Dc09Message pima = verbatim("7449003F\"ADM-CID\"0078R1L0#AAAA[#00AAAA|3407 01 001]_01:59:16,09-21-2023");
        EventData.Result r = ackable(pima);
        assertEquals(List.of("407 zone=001 area=01 OTHER"), events(r));
        assertEquals("AAAA", pima.account());
        assertEquals("00AAAA", r.blockAccount());
        assertEquals(List.of("401 zone=070 area=01 OTHER"),
                events(ackable(verbatim("77880027\"ADM-CID\"0068R0L0#AAA[#AAA|3401 01 070]"))));
        assertEquals(List.of("441 zone=070 area=01 OTHER"),
                events(ackable(verbatim("62980029\"ADM-CID\"6431R0L0#AAAA[#AAAA|3441 01 070]"))));
        assertEquals(List.of("407 zone=000 area=01 OTHER"),
                events(ackable(reframed("\"ADM-CID\"0028R1L0#1111[#001111|3407 01 000]"))));
    }

    /** eavanvalkenburg/pysiaalarm#52: a Trikdis E16 communicator on a DSC panel, group 99 and zone 999. */
    @Test
    void contactIdFromACommunicator() {
        Dc09Message m = reframed("\"ADM-CID\"0001R1L1#9413[#9413|1700 99 999]_23:05:28,08-30-2023");
        assertEquals(List.of("700 zone=999 area=99 OTHER"), events(ackable(m)));
        assertEquals(List.of("602 zone=999 area=99 TEST"),
                events(ackable(reframed("\"ADM-CID\"0002R1L1#9413[#9413|1602 99 999]_23:05:30,08-30-2023"))));
    }

    /** nielsfaber/alarmo#924: Ajax ADM-CID with a verification block of photo links. */
    @Test
    void contactIdWithVerificationLinks() {
        Dc09Message m = reframed("\"ADM-CID\"0086L0#1234[#1234|1130 02 001][Vhttps://ajax-sample.com/first_photo.jpg,"
                + "https://ajax-sample.com/second_photo.jpg]_16:43:06,10-07-2020");
        assertEquals(List.of("130 zone=001 area=02 OTHER"), events(ackable(m)));
        assertEquals(List.of("https://ajax-sample.com/first_photo.jpg", "https://ajax-sample.com/second_photo.jpg"),
                m.extendedDataBlocks().get(0).links());
    }

    /**
     * The whole Contact ID message in the data block: "ACCT MT QXYZ GG CCC" (alarmfront.com's Surgard Contact ID
     * page: "234 18 1131 01 015"; the DSC PC5010 installation manual: "AAAA 18 Q XXX GG CCC P"), the Climax LS-30
     * string with its checksum (nickandrew/LS30, lib/ContactID/EventMessage.pm: "1688181602005009"), and a
     * Sur-Gard MLR2-E automation line with receiver and line ("5RRLs18AAAAQXYZGGCCC", installation manual).
     */
    @Test
    void contactIdWholeMessagesWithTheirEnvelope() {
        EventData.Result surgardPage = ackable(dataOnly("ADM-CID", "#1234|234 18 1131 01 015"));
        assertEquals(List.of("131 zone=015 area=01 OTHER"), events(surgardPage));
        assertEquals(new ContactIdEnvelope("234", "18", null, null, null), surgardPage.contactIdEnvelope());

        EventData.Result dsc = ackable(dataOnly("ADM-CID", "#1234|1234 18 1 101 01 015"));
        assertEquals(List.of("101 zone=015 area=01 EMERGENCY"), events(dsc));

        EventData.Result climax = ackable(dataOnly("ADM-CID", "1688181602005009"));
        assertEquals(List.of("602 zone=500 area=00 TEST"), events(climax));
        assertEquals(new ContactIdEnvelope("1688", "18", null, null, "9"), climax.contactIdEnvelope());

        EventData.Result receiverLine = ackable(dataOnly("ADM-CID", "#1234|5011 181234110101015"));
        assertEquals(List.of("101 zone=015 area=01 EMERGENCY"), events(receiverLine));
        assertEquals(new ContactIdEnvelope("1234", "18", "01", "1", null), receiverLine.contactIdEnvelope());
    }

    // ------------------------------------------------------------------ supervision and limits

    /**
     * NULL supervision as panels send it: Trikdis (eavanvalkenburg/pysiaalarm#52, reframed), Pyronix Enforcer
     * (home-assistant/core#180511), Sigma (eavanvalkenburg/pysiaalarm#72), and a Hikvision hub whose NULL carries
     * Contact ID-shaped data (eavanvalkenburg/sia#17), which the receiver does not read as an event.
     */
    @Test
    void nullSupervisionShapes() {
        for (Dc09Message m : List.of(
                reframed("\"NULL\"0000R1L1#9413[]_23:05:28,08-30-2023"),
                verbatim("EA740027\"NULL\"0000L0#1409[]_20:38:07,08-27-2026"),
                verbatim("D3440015\"NULL\"0000L0#008312[]"),
                verbatim("821F003A\"NULL\"0000R0L0#AAAB[#0000|0000 00 000]_18:25:49,07-05-2020"))) {
            assertTrue(m.isNull(), m::toString);
            assertTrue(Dc09Ids.EVENT_IDS.contains(m.id()));
        }
    }

    /**
     * eavanvalkenburg/pysiaalarm#36 (Focus FC-7688): an account with letters outside hex. DC-09 accounts are hex
     * and devices are registered by hex account, so this panel can never be a known account; the frame is intact
     * but its header does not read (MALFORMED, nothing to address a DUH to). Its data block alone reads.
     */
    @Test
    void nonHexAccountIsAHeaderThisReceiverDoesNotRead() {
        Dc09DecodeResult r = Dc09Codec.decodeFrame(
                ascii("\n7A28002F\"ADM-CID\"6616R0L0#foc7688[#foc7688|1351 01 000]\r"), KeyResolver.NONE);
        assertEquals(DecodeFailure.MALFORMED, r.failure());
        assertTrue(r.failure().frameIntact());
        EventData.Result data = EventData.parse(Dc09Ids.ADM_CID, "#foc7688|1351 01 000");
        assertEquals(List.of("351 zone=000 area=01 OTHER"), events(data));
        assertEquals("FOC7688", data.blockAccount());
    }

    /** What no panel sends: too long to be a zone or an area. Stored as UNKNOWN, raw data whole. */
    @Test
    void overLongFieldsAreNotUnderstoodButAckable() {
        for (String data : List.of("#1234|Nri123456789/QA001", "#1234|NQA123456789", "#1234|Nid1234567890/QA1")) {
            EventData.Result r = ackable(dataOnly("SIA-DCS", data));
            assertFalse(r.understood(), data);
            assertTrue(r.reason().contains("longer than"), r::reason);
            assertEquals(data, r.raw());
        }
    }
}
