CREATE MIGRATION m1vtiyczi6t6vft5lvghu2qkfkq65fy73ot7p5a272agdcd3km3qxa
    ONTO m1d5d5gtx5guzfjpc5m25e5wzflbs6cyf5i5yy2acgaaxy3hpyursq
{
  CREATE TYPE default::LectureEdit {
      CREATE REQUIRED LINK lecture: default::Lecture {
          ON TARGET DELETE DELETE SOURCE;
      };
      CREATE REQUIRED PROPERTY edited_at: std::datetime;
      CREATE INDEX ON ((.lecture, .edited_at));
      CREATE PROPERTY after: std::json;
      CREATE PROPERTY before: std::json;
      CREATE REQUIRED PROPERTY kind: std::str;
      CREATE REQUIRED PROPERTY target: std::str;
      CREATE REQUIRED PROPERTY user_id: std::str;
  };
  CREATE TYPE default::RetiredTerm {
      CREATE REQUIRED LINK lecture: default::Lecture {
          ON TARGET DELETE DELETE SOURCE;
      };
      CREATE REQUIRED PROPERTY term: std::str;
      CREATE CONSTRAINT std::exclusive ON ((.lecture, .term));
      CREATE REQUIRED PROPERTY retired_at: std::datetime;
      CREATE REQUIRED PROPERTY retired_by: std::str;
  };
  ALTER TYPE default::GlossaryEntry {
      CREATE PROPERTY edited_at: std::datetime;
      CREATE PROPERTY edited_by: std::str;
      CREATE REQUIRED PROPERTY entry_id: std::str {
          SET REQUIRED USING (<std::str>std::uuid_generate_v4());
      };
      CREATE CONSTRAINT std::exclusive ON ((.lecture, .entry_id));
  };
  ALTER TYPE default::Segment {
      CREATE PROPERTY edited_at: std::datetime;
      CREATE PROPERTY edited_by: std::str;
  };
};
