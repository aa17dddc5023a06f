CREATE MIGRATION m1xeem3xkdq34blc6w5lsag5x4tujmnhcwly7ivauyz6hwuvd2mwfa
    ONTO initial
{
  CREATE SCALAR TYPE default::LectureStatus EXTENDING enum<queued, processing, done, failed, cancelled>;
  CREATE SCALAR TYPE default::Stage EXTENDING enum<queued, transcribing, glossary, summary, done>;
  CREATE TYPE default::Lecture {
      CREATE REQUIRED PROPERTY content_sha256: std::str;
      CREATE INDEX ON (.content_sha256);
      CREATE REQUIRED PROPERTY created_at: std::datetime {
          SET default := (std::datetime_of_statement());
      };
      CREATE INDEX ON (.created_at);
      CREATE REQUIRED PROPERTY status: default::LectureStatus {
          SET default := (default::LectureStatus.queued);
      };
      CREATE INDEX ON (.status);
      CREATE PROPERTY duration: std::float64;
      CREATE PROPERTY error: std::str;
      CREATE REQUIRED PROPERTY filename: std::str;
      CREATE PROPERTY language: std::str;
      CREATE REQUIRED PROPERTY progress: std::float64 {
          SET default := 0;
          CREATE CONSTRAINT std::max_value(1);
          CREATE CONSTRAINT std::min_value(0);
      };
      CREATE REQUIRED PROPERTY public_id: std::str {
          CREATE CONSTRAINT std::exclusive;
      };
      CREATE REQUIRED PROPERTY requested_language: std::str;
      CREATE REQUIRED PROPERTY size_bytes: std::int64 {
          CREATE CONSTRAINT std::min_value(0);
      };
      CREATE REQUIRED PROPERTY stage: default::Stage {
          SET default := (default::Stage.queued);
      };
      CREATE REQUIRED PROPERTY storage_key: std::str;
      CREATE REQUIRED PROPERTY template: std::str;
      CREATE REQUIRED PROPERTY title: std::str;
      CREATE REQUIRED PROPERTY updated_at: std::datetime {
          SET default := (std::datetime_of_statement());
      };
  };
  CREATE TYPE default::GlossaryEntry {
      CREATE REQUIRED LINK lecture: default::Lecture {
          ON TARGET DELETE DELETE SOURCE;
      };
      CREATE REQUIRED PROPERTY position: std::int32 {
          CREATE CONSTRAINT std::min_value(0);
      };
      CREATE CONSTRAINT std::exclusive ON ((.lecture, .position));
      CREATE REQUIRED PROPERTY definition: std::str;
      CREATE REQUIRED PROPERTY end_seconds: std::float64;
      CREATE REQUIRED PROPERTY quote: std::str;
      CREATE REQUIRED PROPERTY start_seconds: std::float64;
      CREATE REQUIRED PROPERTY term: std::str;
  };
  CREATE TYPE default::Segment {
      CREATE REQUIRED LINK lecture: default::Lecture {
          ON TARGET DELETE DELETE SOURCE;
      };
      CREATE REQUIRED PROPERTY position: std::int32 {
          CREATE CONSTRAINT std::min_value(0);
      };
      CREATE CONSTRAINT std::exclusive ON ((.lecture, .position));
      CREATE REQUIRED PROPERTY end_seconds: std::float64;
      CREATE REQUIRED PROPERTY start_seconds: std::float64;
      CREATE REQUIRED PROPERTY text: std::str;
  };
  CREATE TYPE default::Summary {
      CREATE REQUIRED LINK lecture: default::Lecture {
          ON TARGET DELETE DELETE SOURCE;
          CREATE CONSTRAINT std::exclusive;
      };
      CREATE REQUIRED PROPERTY language: std::str;
      CREATE REQUIRED PROPERTY markdown: std::str;
      CREATE REQUIRED PROPERTY sections: std::json {
          SET default := (std::to_json('{}'));
      };
      CREATE REQUIRED PROPERTY template: std::str;
  };
  ALTER TYPE default::Lecture {
      CREATE MULTI LINK glossary := (.<lecture[IS default::GlossaryEntry]);
      CREATE MULTI LINK segments := (.<lecture[IS default::Segment]);
      CREATE LINK summary := (std::assert_single(.<lecture[IS default::Summary]));
  };
};
