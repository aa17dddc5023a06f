CREATE MIGRATION m15x4ueh7vnf3mu25natwwjfq55ucsc5zdioquep5syoabdjwdqz3q
    ONTO m1vtiyczi6t6vft5lvghu2qkfkq65fy73ot7p5a272agdcd3km3qxa
{
  CREATE TYPE default::LectureQuestion {
      CREATE REQUIRED LINK lecture: default::Lecture {
          ON TARGET DELETE DELETE SOURCE;
      };
      CREATE REQUIRED PROPERTY asked_at: std::datetime;
      CREATE INDEX ON ((.lecture, .asked_at));
      CREATE PROPERTY answer: std::str;
      CREATE PROPERTY answered_at: std::datetime;
      CREATE REQUIRED PROPERTY asker_id: std::str;
      CREATE REQUIRED PROPERTY citations: std::json {
          SET default := (std::to_json('[]'));
      };
      CREATE REQUIRED PROPERTY question_id: std::str {
          CREATE CONSTRAINT std::exclusive;
      };
      CREATE REQUIRED PROPERTY status: std::str;
      CREATE REQUIRED PROPERTY text: std::str;
  };
};
