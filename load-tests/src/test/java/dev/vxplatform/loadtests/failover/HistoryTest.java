package dev.vxplatform.loadtests.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history file of a run reads back into the same requests, so a run can be checked again offline. */
class HistoryTest {

  @Test
  void writesOneRequestPerLineInStartOrderAndReadsBackEqual(@TempDir Path dir) throws IOException {
    History history = new History();
    Op late = new Op(history.nextSeq(), 2, Action.CANCEL, "k2", null, "o1", Map.of(), null, 0, 50, 90,
        List.of(new Attempt(50, 60, 0, "timeout", null), new Attempt(70, 90, 200, null, "o1")), 200, "CANCELLED", -1);
    Op early = new Op(history.nextSeq(), 1, Action.PLACE, "k1", "c1", "o1", Map.of("A", 2, "B", 1), null, 0, 10,
        20, List.of(new Attempt(10, 20, 201, null, "o1")), 201, "CONFIRMED", -1);
    history.add(late);
    history.add(early);

    Path file = dir.resolve("history.jsonl");
    history.writeJsonLines(file);

    List<Op> read = Files.readAllLines(file).stream().map(line -> Op.fromJson(new JsonObject(line))).toList();
    assertThat(read).containsExactly(early, late);
  }
}
