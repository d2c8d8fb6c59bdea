package holdfast.edge.sync.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READING = """
            {"eventId":"0193a1c2-0000-7000-8000-000000000001","kind":"observation","lane":"standard","laneSeq":1,
             "occurredAt":"2026-11-23T08:00:00Z","receivedAt":"2026-11-23T08:00:00.004Z",
             "subject":{"patientId":"P1","encounterId":"E1","bed":"ICU-3","deviceId":"mon-7"},
             "payload":{"deviceId":"mon-7","observedAt":"2026-11-23T08:00:00Z","observations":[
               {"code":"8867-4","system":"http://loinc.org","value":72,"unit":"/min"},
               {"code":"59408-5","system":null,"value":97,"unit":"%"}]}}""";

    private final EventMapper mapper = new EventMapper(new FhirReferences("urn:p", "urn:e"), OriginalEvents.NONE);

    private List<FhirEntry> map(String json) throws Exception {
        return mapper.map(JSON.readTree(json), json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aReadingBecomesOneObservationPerValueWithIdsFromTheEventId() throws Exception {
        List<FhirEntry> entries = map(READING);
        assertThat(entries).extracting(FhirEntry::url).containsExactly(
                "Observation/hf-0193a1c2-0000-7000-8000-000000000001-o0",
                "Observation/hf-0193a1c2-0000-7000-8000-000000000001-o1");
        assertThat(map(READING)).extracting(FhirEntry::url).isEqualTo(entries.stream().map(FhirEntry::url).toList());
        JsonNode o = entries.get(0).resource();
        assertThat(o.at("/identifier/0/system").asText()).isEqualTo("urn:holdfast:event-id");
        assertThat(o.at("/identifier/0/value").asText()).isEqualTo("0193a1c2-0000-7000-8000-000000000001");
        assertThat(o.at("/status").asText()).isEqualTo("final");
        assertThat(o.at("/code/coding/0/code").asText()).isEqualTo("8867-4");
        assertThat(o.at("/valueQuantity/value").asInt()).isEqualTo(72);
        assertThat(o.at("/valueQuantity/system").asText()).isEqualTo("http://unitsofmeasure.org");
        assertThat(o.at("/effectiveDateTime").asText()).isEqualTo("2026-11-23T08:00:00Z");
        assertThat(o.at("/subject/reference").asText()).isEqualTo("Patient?identifier=urn:p|P1");
        assertThat(o.at("/encounter/reference").asText()).isEqualTo("Encounter?identifier=urn:e|E1");
        assertThat(o.at("/device/identifier/value").asText()).isEqualTo("mon-7");
        assertThat(entries.get(1).resource().at("/code/coding/0/system").asText()).isEqualTo("http://loinc.org");
    }

    @Test
    void aReadingWithoutACensusPatientHasNoSubject() throws Exception {
        JsonNode o = map(READING.replace("\"patientId\":\"P1\",\"encounterId\":\"E1\",", "")).get(0).resource();
        assertThat(o.has("subject")).isFalse();
        assertThat(o.has("encounter")).isFalse();
    }

    @Test
    void anOruBecomesADiagnosticReportWithItsObservationsAndFlagsAsInterpretation() throws Exception {
        String oru = """
                {"eventId":"e-oru-1","kind":"hl7","occurredAt":"2026-11-23T08:00:00Z","subject":{"patientId":"P1"},
                 "payload":{"messageType":"ORU^R01","observations":[
                   {"setId":"1","code":"2823-3","system":"LN","valueType":"NM","value":7.1,"unit":"mmol/L",
                    "flags":["HH"],"status":"F"},
                   {"setId":"2","code":"X","system":"L","valueType":"ST","value":"haemolysed","flags":[],"status":"C"}]}}""";
        List<FhirEntry> entries = map(oru);
        assertThat(entries).extracting(FhirEntry::url).containsExactly("DiagnosticReport/hf-e-oru-1",
                "Observation/hf-e-oru-1-o0", "Observation/hf-e-oru-1-o1");
        JsonNode report = entries.get(0).resource();
        assertThat(report.at("/result/1/reference").asText()).isEqualTo("Observation/hf-e-oru-1-o1");
        JsonNode potassium = entries.get(1).resource();
        assertThat(potassium.at("/code/coding/0/system").asText()).isEqualTo("http://loinc.org");
        assertThat(potassium.at("/interpretation/0/coding/0/code").asText()).isEqualTo("HH");
        assertThat(potassium.at("/valueQuantity/code").asText()).isEqualTo("mmol/L");
        assertThat(entries.get(2).resource().at("/valueString").asText()).isEqualTo("haemolysed");
        assertThat(entries.get(2).resource().at("/status").asText()).isEqualTo("corrected");
    }

    @Test
    void anAlertBecomesAFlag() throws Exception {
        String alert = """
                {"eventId":"e-alert-1","kind":"alert","occurredAt":"2026-11-23T08:00:00Z",
                 "subject":{"patientId":"P1","deviceId":"mon-7"},
                 "payload":{"alertId":4,"rule":"hr-high","code":"8867-4","level":"critical","status":"open",
                            "raisedAt":"2026-11-23T08:00:00Z"}}""";
        FhirEntry flag = map(alert).get(0);
        assertThat(flag.url()).isEqualTo("Flag/hf-e-alert-1");
        assertThat(flag.resource().at("/status").asText()).isEqualTo("active");
        assertThat(flag.resource().at("/subject/reference").asText()).isEqualTo("Patient?identifier=urn:p|P1");
        assertThat(map(alert.replace("\"open\"", "\"cleared\"")).get(0).resource().at("/status").asText())
                .isEqualTo("inactive");
        assertThat(map(alert.replace("\"patientId\":\"P1\",", "\"bed\":\"ICU-3\",")).get(0).resource()
                .at("/subject/display").asText()).isEqualTo("bed ICU-3, device mon-7");
    }

    @Test
    void kindsWithoutAClinicalMappingAreKeptWholeAsADocumentReference() throws Exception {
        String adt = """
                {"eventId":"e-adt-1","kind":"hl7","occurredAt":"2026-11-23T08:00:00Z","subject":{"patientId":"P1"},
                 "payload":{"messageType":"ADT^A01"},
                 "raw":{"contentType":"application/hl7-v2","base64":"TVNIfF5+XCZ8"}}""";
        FhirEntry doc = map(adt).get(0);
        assertThat(doc.url()).isEqualTo("DocumentReference/hf-e-adt-1");
        assertThat(doc.resource().at("/content/0/attachment/data").asText()).isEqualTo("TVNIfF5+XCZ8");
        assertThat(doc.resource().has("subject")).as("an admission names a patient the server may not know").isFalse();
        String ops = "{\"eventId\":\"e-ops-1\",\"kind\":\"ops\",\"occurredAt\":\"2026-11-23T08:00:00Z\"}";
        JsonNode kept = map(ops).get(0).resource();
        assertThat(new String(Base64.getDecoder().decode(kept.at("/content/0/attachment/data").asText()),
                StandardCharsets.UTF_8)).isEqualTo(ops);
        assertThat(kept.at("/content/0/attachment/contentType").asText()).isEqualTo("application/json");
    }

    @Test
    void aCorrectionAmendsTheOriginalsResourcesAndAVoidMarksThemEnteredInError() throws Exception {
        JsonNode original = JSON.readTree(READING);
        EventMapper withOriginals = new EventMapper(new FhirReferences("urn:p", "urn:e"),
                (rec, id) -> rec == 7 && id.equals("0193a1c2-0000-7000-8000-000000000001") ? Optional.of(original)
                        : Optional.empty());
        String correction = """
                {"eventId":"e-corr-1","kind":"correction","causationId":"0193a1c2-0000-7000-8000-000000000001",
                 "occurredAt":"2026-11-23T09:00:00Z","subject":{"patientId":"P9","encounterId":"E9","bed":"ICU-3"},
                 "payload":{"reconciliationId":7,"action":"reattribute"}}""";
        List<FhirEntry> amended = withOriginals.map(JSON.readTree(correction), correction.getBytes(StandardCharsets.UTF_8));
        assertThat(amended).extracting(FhirEntry::url).containsExactly(
                "Observation/hf-0193a1c2-0000-7000-8000-000000000001-o0",
                "Observation/hf-0193a1c2-0000-7000-8000-000000000001-o1");
        JsonNode o = amended.get(0).resource();
        assertThat(o.at("/status").asText()).isEqualTo("amended");
        assertThat(o.at("/subject/reference").asText()).isEqualTo("Patient?identifier=urn:p|P9");
        assertThat(o.get("identifier").findValuesAsText("value"))
                .containsExactly("0193a1c2-0000-7000-8000-000000000001", "e-corr-1");
        assertThat(amended).allSatisfy(e -> assertThat(e.eventId()).isEqualTo("e-corr-1"));

        String voided = correction.replace("\"correction\"", "\"void\"").replace("e-corr-1", "e-void-1");
        JsonNode v = withOriginals.map(JSON.readTree(voided), voided.getBytes(StandardCharsets.UTF_8)).get(0).resource();
        assertThat(v.at("/status").asText()).isEqualTo("entered-in-error");
        assertThat(v.at("/subject/reference").asText()).as("a void keeps the original subject")
                .isEqualTo("Patient?identifier=urn:p|P1");

        String unknown = correction.replace("\"reconciliationId\":7", "\"reconciliationId\":8");
        assertThat(withOriginals.map(JSON.readTree(unknown), unknown.getBytes(StandardCharsets.UTF_8)))
                .extracting(FhirEntry::url).as("original gone: the correction is kept whole")
                .containsExactly("DocumentReference/hf-e-corr-1");
    }

    @Test
    void aResourceNamedTwiceInOneBatchIsSentOnceInItsLastState() throws Exception {
        JsonNode original = JSON.readTree(READING);
        EventMapper withOriginals = new EventMapper(new FhirReferences("urn:p", "urn:e"),
                (rec, id) -> Optional.of(original));
        String voided = """
                {"eventId":"e-void-1","kind":"void","causationId":"0193a1c2-0000-7000-8000-000000000001",
                 "occurredAt":"2026-11-23T09:00:00Z","subject":{},"payload":{"reconciliationId":7}}""";
        List<FhirEntry> entries = new java.util.ArrayList<>(withOriginals.map(original, READING.getBytes(StandardCharsets.UTF_8)));
        entries.addAll(withOriginals.map(JSON.readTree(voided), voided.getBytes(StandardCharsets.UTF_8)));
        JsonNode bundle = JSON.readTree(TransactionBundle.of(JSON, entries));
        assertThat(bundle.get("type").asText()).isEqualTo("transaction");
        assertThat(bundle.get("entry")).hasSize(2);
        assertThat(bundle.at("/entry/0/request/method").asText()).isEqualTo("PUT");
        assertThat(bundle.at("/entry/0/resource/status").asText()).isEqualTo("entered-in-error");
    }

    @Test
    void idsStayWithinFhirsAlphabetWhateverTheEventIdIs() {
        assertThat(FhirIds.of("a b/c")).matches("hf-h[0-9a-f]{40}").hasSizeLessThanOrEqualTo(64);
        assertThat(FhirIds.part("x".repeat(100), 255)).matches("[A-Za-z0-9.-]{1,64}");
    }
}
