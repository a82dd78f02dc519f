#pragma once
// One database connection and the statements prepared on it. On SQLite,
// compiling SQL cost more than running it for every request the store serves
// (bench/README.md, "Profile notes"), so each statement is prepared once per
// connection and re-executed with new values; the statements die with their
// connection, so a replaced connection never leaves a stale one behind.
//
// On PostgreSQL the statement objects are kept too, but each execution sends
// its text (SOCI's one-time query): a server-side prepared statement would
// have to be DEALLOCATEd when its object dies, and SOCI throws from that
// destructor when the connection is already broken.
#include <soci/soci.h>

#include <memory>
#include <optional>
#include <unordered_map>

namespace dockpoint::store {

// Returns a statement to its initial state after use. SQLite needs it: a
// statement left on a row keeps its connection's read snapshot open into the
// next transaction. PostgreSQL has nothing to reset (nullptr).
using StatementReset = void (*)(soci::statement&);

class PreparedBase {
public:
    virtual ~PreparedBase() = default;
};

// A prepared statement and the variables it binds, kept at a fixed address
// because SOCI binds by reference: set `bound`'s inputs, run, read its outputs.
template <class Bound>
class Prepared final : public PreparedBase {
public:
    Prepared(soci::session& sql, StatementReset reset) : statement_(sql), reset_(reset) {}

    Bound bound{};

    // Runs a statement that yields at most one row into `bound`; true when it did.
    bool FetchOne() {
        ResetOnExit guard(*this);
        statement_.execute(true);
        return statement_.got_data();
    }

    // Runs a query and calls on_row after each row is read into `bound`.
    template <class OnRow>
    void ForEachRow(OnRow&& on_row) {
        ResetOnExit guard(*this);
        statement_.execute();
        while (statement_.fetch()) on_row();
    }

    // Runs a statement without a result set; returns the rows it changed.
    long long Run() {
        ResetOnExit guard(*this);
        statement_.execute(true);
        return statement_.get_affected_rows();
    }

    soci::statement& statement() { return statement_; }

private:
    struct ResetOnExit {
        explicit ResetOnExit(Prepared& p) : prepared(p) {}
        ~ResetOnExit() {
            if (prepared.reset_ != nullptr) prepared.reset_(prepared.statement_);
        }
        ResetOnExit(const ResetOnExit&) = delete;
        ResetOnExit& operator=(const ResetOnExit&) = delete;
        Prepared& prepared;
    };

    soci::statement statement_;
    StatementReset reset_;
};

enum class Preparation { kOncePerConnection, kEachExecution };

// Variables for statements that bind nothing (BEGIN, COMMIT, SAVEPOINT ...).
struct NoBindings {};

class SociConnection {
public:
    SociConnection(std::unique_ptr<soci::session> sql, Preparation preparation,
                   StatementReset reset)
        : sql_(std::move(sql)), preparation_(preparation), reset_(reset) {}
    ~SociConnection() { statements_.clear(); }  // before the session they belong to
    SociConnection(const SociConnection&) = delete;
    SociConnection& operator=(const SociConnection&) = delete;

    soci::session& sql() { return *sql_; }

    // The statement for `sql_text` on this connection, prepared on first use:
    // bind(statement, bound) declares its into()/use() variables. The text's
    // address is the key, so pass a string literal (one per distinct statement).
    template <class Bound, class Bind>
    Prepared<Bound>& Statement(const char* sql_text, Bind&& bind) {
        auto found = statements_.find(sql_text);
        if (found != statements_.end()) return static_cast<Prepared<Bound>&>(*found->second);
        auto prepared = std::make_unique<Prepared<Bound>>(*sql_, reset_);
        soci::statement& st = prepared->statement();
        bind(st, prepared->bound);
        st.alloc();
        st.prepare(sql_text, preparation_ == Preparation::kOncePerConnection
                                 ? soci::details::st_repeatable_query
                                 : soci::details::st_one_time_query);
        st.define_and_bind();
        auto& result = *prepared;
        statements_.emplace(sql_text, std::move(prepared));
        return result;
    }

    // Runs a statement that binds nothing, prepared once.
    void Execute(const char* sql_text) {
        Statement<NoBindings>(sql_text, [](soci::statement&, NoBindings&) {}).Run();
    }

private:
    std::unique_ptr<soci::session> sql_;
    Preparation preparation_;
    StatementReset reset_;
    std::unordered_map<const char*, std::unique_ptr<PreparedBase>> statements_;
};

}  // namespace dockpoint::store
